// One opening of the history view: picks the pane, takes a snapshot, pages through it, extends it
// while live output arrives, searches and copies. Disposing it removes it from the page.

import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import type { Timers } from '../../shared/timers.js';
import type { Pane } from '../../shared/api/history.js';
import type { HistoryState } from '../terminal/testHook.js';
import { el } from '../ui/dom.js';
import { matchText, ReaderPlace } from './followBottom.js';
import { HistoryLines } from './historyLines.js';
import { handleProblem } from './historyProblem.js';
import { copySelection, find } from './historySearch.js';
import { defaultPane, type HistorySource } from './historySource.js';
import { createHistoryTerminal, HIGHLIGHT_LIMIT, type HistoryTerminal } from './historyTerminal.js';
import { createHistoryToolbar, type HistoryToolbar } from './historyToolbar.js';
import { SerialQueue } from './serialQueue.js';
import { bindHistoryInput } from './historyInput.js';

/** Newer lines are asked for at most this often while live output arrives (the issue's ~2 s). */
export const NEWER_INTERVAL_MS = 2_000;

/** After a 429, the view waits this long before it asks again (the limit is per minute). */
const RATE_LIMIT_RETRY_MS = 5_000;

export interface ReaderOptions {
  container: HTMLElement;
  source: HistorySource;
  fontSize: number;
  timers: Timers;
  /** The reader asked to leave (Esc, Back to live, scrolling past the bottom). */
  close: () => void;
}

export class HistoryReader implements Disposable {
  private readonly store = new DisposableStore();
  private readonly element: HTMLElement;
  private readonly toolbar: HistoryToolbar;
  private readonly view: HistoryTerminal;
  private readonly place = new ReaderPlace();
  private lines: HistoryLines | undefined;
  private paneId: string | undefined;
  private panes: readonly Pane[] = [];
  private readonly paneRows = () => this.panes.find((pane) => pane.id === this.paneId)?.rows ?? 0;
  /** Bumped by every new snapshot: answers for an older one are dropped. */
  private generation = 0;
  /** One request at a time; those for an older snapshot are skipped. */
  private readonly requests = new SerialQueue();
  /** The terminal is being written (see draw). */
  private drawing = false;
  private newerTimer: unknown;
  private retryTimer: unknown;
  private notice = '';
  private matches = '';

  constructor(private readonly options: ReaderOptions) {
    this.toolbar = createHistoryToolbar({
      pickPane: (paneId) => void this.load(paneId),
      search: (term, direction, incremental) => void this.search(term, direction, incremental),
      copy: () => void this.copy(),
      close: options.close,
      toBottom: () => this.view.scrollToBottom(),
      reload: () => void this.load(this.paneId),
    });
    const screen = el('div', { className: 'history-screen' });
    this.element = el(
      'div',
      { className: 'history-view', attrs: { role: 'region', 'aria-label': 'History' } },
      [this.toolbar.bar, screen, this.toolbar.footer],
    );
    options.container.append(this.element);
    this.store.add(toDisposable(() => this.element.remove()));
    this.view = this.store.add(createHistoryTerminal(screen, options.fontSize));
    this.store.add(
      toDisposable(() => {
        options.timers.clearTimeout(this.newerTimer);
        options.timers.clearTimeout(this.retryTimer);
      }),
    );
    this.setNotice('Loading history…');
    this.toolbar.setNewLines(0);
    this.bind();
    void this.start();
  }

  dispose(): void {
    this.generation++;
    this.store.dispose();
  }

  focus(): void {
    this.view.term.focus();
  }

  /** Live output arrived: ask for newer lines, at most every NEWER_INTERVAL_MS. */
  liveOutput(): void {
    if (this.newerTimer !== undefined || this.lines === undefined) return;
    this.newerTimer = this.options.timers.setTimeout(() => {
      this.newerTimer = undefined;
      void this.fetchNewer();
    }, NEWER_INTERVAL_MS);
  }

  state(): HistoryState {
    return {
      paneId: this.paneId,
      from: this.lines?.from ?? 0,
      total: this.lines?.total ?? 0,
      loading: this.requests.pending > 0,
      newLines: this.place.newLines,
      matches: this.matches,
      selection: this.view.term.getSelection(),
      notice: this.notice,
      visibleText: this.view.visibleText(),
      text: this.view.bufferText(),
    };
  }

  private bind(): void {
    const { view, store } = this;
    store.add(
      bindHistoryInput(view, this.element, {
        close: this.options.close,
        copy: () => void this.copy(),
        scrolled: () => this.scrolled(),
        findField: () => this.toolbar.searchField.focus(),
      }),
    );
    store.add(
      view.search.onDidChangeResults(({ resultIndex, resultCount }) => {
        this.matches = matchText(resultIndex, resultCount, HIGHLIGHT_LIMIT);
        this.toolbar.setMatches(this.matches);
      }),
    );
  }

  private async start(): Promise<void> {
    const retry = () => void this.start();
    const panes = await this.attempt(() => this.options.source.panes(), retry, this.generation);
    const pane = panes === undefined ? undefined : defaultPane(panes);
    if (pane === undefined) {
      if (panes !== undefined) this.setNotice('This session has no panes.');
      return;
    }
    this.panes = panes ?? [];
    this.toolbar.setPanes(this.panes, pane.id);
    await this.load(pane.id);
  }

  /** A new snapshot of `paneId`, shown from its bottom. */
  private load(paneId: string | undefined): Promise<void> {
    if (paneId === undefined) return this.start();
    const generation = ++this.generation;
    this.paneId = paneId;
    this.lines = undefined;
    this.place.scrolled(true);
    this.setNotice('Loading history…');
    return this.requests.run(
      () => generation === this.generation,
      async () => {
        const retry = () => void this.load(paneId);
        const page = await this.attempt(() => this.options.source.open(paneId), retry, generation);
        if (page === undefined || generation !== this.generation) return;
        this.lines = new HistoryLines(page);
        await this.draw(this.lines.lines, 'bottom');
        this.setNotice(page.truncated ? 'Older history is over the gateway’s size limit.' : '');
      },
    );
  }

  /** The reader scrolled: keep following or count new lines; near the top, fetch older lines. */
  private scrolled(): void {
    if (this.drawing) return;
    this.place.scrolled(this.view.atBottom());
    this.toolbar.setNewLines(this.place.newLines);
    if (this.view.nearTop() && this.lines?.hasOlder === true && this.requests.pending === 0) {
      void this.loadOlder();
    }
  }

  /** One older page, then a re-render that keeps the place; false when none came. */
  private async loadOlder(): Promise<boolean> {
    const generation = this.generation;
    const added = await this.requests.run(
      () => generation === this.generation,
      async () => {
        const { lines, paneId } = this;
        if (lines === undefined || paneId === undefined || !lines.hasOlder) return false;
        const retry = () => this.scrolled();
        const page = await this.attempt(
          () => this.options.source.older(paneId, lines.snapshot, lines.from),
          retry,
          generation,
        );
        if (page === undefined || generation !== this.generation) return false;
        if ((this.take(() => lines.prepend(page), generation) ?? 0) === 0) return false;
        await this.draw(lines.lines, 'keep');
        return true;
      },
    );
    return added === true;
  }

  private fetchNewer(): Promise<void> {
    const generation = this.generation;
    return this.requests.run(
      () => generation === this.generation,
      async () => {
        const { lines, paneId } = this;
        if (lines === undefined || paneId === undefined) return;
        const retry = () => this.liveOutput();
        const page = await this.attempt(
          () => this.options.source.newer(paneId, lines.snapshot, lines.newerFrom(this.paneRows())),
          retry,
          generation,
        );
        if (page === undefined || generation !== this.generation) return;
        const change = this.take(() => lines.extend(page), generation);
        if (change === undefined) return;
        const follow = this.place.arrived(change.added);
        if (change.rerender) await this.draw(lines.lines, follow ? 'bottom' : 'keep');
        else if (change.appended.length > 0) await this.draw(lines.lines, change.appended);
        if (follow) this.view.scrollToBottom();
        this.toolbar.setNewLines(this.place.newLines);
        // More than a page arrived: the rest at the next interval.
        if (lines.hasNewer) this.liveOutput();
      },
    );
  }

  /**
   * Writes `lines` again from the top ('keep': the same rows stay in view; 'bottom'), or only
   * `appended` after them. Writing scrolls xterm.js to its bottom meanwhile: the reader's place
   * is only read again once it is done.
   */
  private async draw(lines: readonly string[], how: 'keep' | 'bottom' | readonly string[]) {
    this.drawing = true;
    try {
      if (typeof how !== 'string') await this.view.append(how, lines);
      else await this.view.render(lines, how === 'keep');
    } finally {
      this.drawing = false;
    }
    this.scrolled();
  }

  /** Adds a page; a page that does not fit (never expected) starts a new snapshot instead. */
  private take<T>(add: () => T, generation: number): T | undefined {
    try {
      return add();
    } catch {
      if (generation === this.generation) void this.load(this.paneId);
      return undefined;
    }
  }

  /** Runs a request; on failure says why, reopens or retries later, and answers undefined. */
  private async attempt<T>(
    call: () => Promise<T>,
    retry: () => void,
    generation: number,
  ): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (generation !== this.generation) return undefined;
      handleProblem(error, {
        reopen: () => void this.load(this.paneId),
        notify: (message, reload) => this.setNotice(message, reload),
        retryLater: () => {
          this.options.timers.clearTimeout(this.retryTimer);
          this.retryTimer = this.options.timers.setTimeout(() => {
            this.retryTimer = undefined;
            if (generation === this.generation) retry();
          }, RATE_LIMIT_RETRY_MS);
        },
      });
      return undefined;
    }
  }

  /** Searches every line of the snapshot: the older pages are loaded first. */
  private async search(term: string, direction: 'next' | 'previous', incremental: boolean) {
    if (term !== '') {
      while (this.lines?.hasOlder === true) if (!(await this.loadOlder())) break;
    } else this.matches = '';
    find(this.view.search, term, direction, incremental);
    if (term === '') this.toolbar.setMatches('');
  }

  private async copy(): Promise<void> {
    this.setNotice(await copySelection(this.view.term.getSelection()));
  }

  private setNotice(text: string, reload = false): void {
    this.notice = text;
    this.toolbar.setNotice(text, reload);
  }
}
