// The page at `/s/NAME/recordings` (owners): the session's recordings, newest first, each with
// a download link; choosing one plays it below. `?id=ID` opens that one directly.

import {
  DisposableStore,
  MutableDisposable,
  toDisposable,
  type Disposable,
} from '../../shared/lifecycle.js';
import {
  fetchRecording,
  fetchRecordings,
  recordingUrl,
  type RecordingSummary,
} from '../api/recordings.js';
import { parseCast } from '../replay/castParser.js';
import { formatBytes, formatDuration } from '../replay/format.js';
import { createPlayer, type Player } from '../replay/player.js';
import { createRecordControl, type RecordControl } from '../replay/recordControl.js';
import { installReplayHook } from '../replay/replayHook.js';
import '../replay/replay.css';
import { el } from '../ui/dom.js';
import { failureText } from '../ui/failureText.js';

/** What the page says when listing or fetching recordings is refused. */
const RECORDING_FAILURES = {
  401: 'Sign in first.',
  403: 'Only owners of this session can see its recordings.',
  404: 'No such session or recording.',
};

/** Recording ids as the gateway makes them; anything else in `?id=` is ignored. */
const ID_PATTERN = /^\d{8}T\d{6}\.\d{3}Z(?:-\d{1,3})?$/;

export function renderRecordingsPage(root: HTMLElement, session: string): Disposable {
  return new RecordingsPage(root, session);
}

class RecordingsPage implements Disposable {
  private readonly store = new DisposableStore();
  /** The recording being played; choosing another disposes it. */
  private readonly player = this.store.add(new MutableDisposable<Player>());
  private readonly record: RecordControl;
  private readonly listHost = el('div', { className: 'recordings-list' });
  private readonly playerHost = el('div', { className: 'recordings-player' });
  private readonly message = el('p', {
    className: 'recordings-message',
    attrs: { role: 'status' },
  });
  /** The id chosen last (or in `?id=`): a recording that arrives late for another is not shown. */
  private selected: string | undefined;

  constructor(
    root: HTMLElement,
    private readonly session: string,
  ) {
    document.title = `Recordings · ${session} · tmuxgate`;
    this.record = createRecordControl(session);
    const refresh = el('button', { text: 'Refresh', attrs: { type: 'button' } });
    root.replaceChildren(
      el('main', { className: 'page recordings-page' }, [
        el('p', { className: 'recordings-nav' }, [
          el('a', { text: 'tmuxgate', attrs: { href: '/' } }),
          ' · ',
          el('a', {
            text: `Back to ${session}`,
            attrs: { href: `/s/${encodeURIComponent(session)}` },
          }),
        ]),
        el('h1', {}, [
          'Recordings of ',
          el('span', { className: 'recordings-session', text: session }),
        ]),
        el('p', { className: 'recordings-actions' }, [this.record.element, refresh]),
        this.message,
        this.listHost,
        this.playerHost,
      ]),
    );
    const wanted = new URLSearchParams(window.location.search).get('id') ?? undefined;
    this.selected = wanted !== undefined && ID_PATTERN.test(wanted) ? wanted : undefined;
    refresh.addEventListener('click', () => void this.load());
    this.store.add(toDisposable(() => installReplayHook(undefined)));
    void this.load();
  }

  dispose(): void {
    this.store.dispose();
  }

  private async load(): Promise<void> {
    const { session, message, listHost } = this;
    message.textContent = '';
    try {
      const recordings = await fetchRecordings(session);
      this.record.setRole('owner');
      listHost.replaceChildren(recordingTable(session, recordings, (r) => void this.open(r)));
      if (recordings.length === 0) {
        message.textContent =
          'No recordings yet. Turn recording on with Record (here or in the terminal), ' +
          'or with record: true in the configuration.';
      }
      const wanted = recordings.find((r) => r.id === this.selected);
      if (wanted && this.player.value === undefined) await this.open(wanted);
    } catch (error) {
      listHost.replaceChildren();
      message.textContent = describe(error);
    }
  }

  private async open(recording: RecordingSummary): Promise<void> {
    const { session, playerHost } = this;
    this.selected = recording.id;
    history.replaceState(null, '', `?id=${encodeURIComponent(recording.id)}`);
    for (const row of this.listHost.querySelectorAll<HTMLElement>('[data-id]')) {
      row.classList.toggle('selected', row.dataset.id === recording.id);
    }
    this.player.value = undefined;
    installReplayHook(undefined);
    playerHost.replaceChildren(el('p', { text: 'Loading the recording…' }));
    try {
      const cast = parseCast(await fetchRecording(session, recording.id));
      // Another one was chosen meanwhile, or the page has gone.
      if (this.selected !== recording.id || this.store.isDisposed) return;
      const created = createPlayer(cast);
      this.player.value = created;
      playerHost.replaceChildren(
        el('h2', {
          text: `${formatStart(recording.startedAt)} · ${formatDuration(cast.duration)}`,
        }),
        created.element,
      );
      installReplayHook({
        text: () => created.text(),
        time: () => created.clock.position(),
        duration: () => created.clock.duration,
        playing: () => created.clock.playing,
      });
    } catch (error) {
      playerHost.replaceChildren(
        el('p', { className: 'recordings-error', text: `Cannot play it: ${describe(error)}` }),
      );
    }
  }
}

function recordingTable(
  session: string,
  recordings: readonly RecordingSummary[],
  onOpen: (recording: RecordingSummary) => void,
): HTMLElement {
  const rows = recordings.map((recording) => {
    const play = el('button', {
      text: 'Play',
      attrs: { type: 'button', 'data-testid': 'recording-play' },
    });
    play.addEventListener('click', () => onOpen(recording));
    const download = el('a', {
      text: 'Download',
      attrs: {
        href: recordingUrl(session, recording.id, true),
        download: `${session}-${recording.id}.cast`,
        'data-testid': 'recording-download',
      },
    });
    return el('tr', { attrs: { 'data-id': recording.id, 'data-testid': 'recording-row' } }, [
      el('td', { text: formatStart(recording.startedAt) }),
      el('td', {
        text:
          recording.endedAt === undefined
            ? `${formatDuration(recording.durationSeconds)} (recording)`
            : formatDuration(recording.durationSeconds),
      }),
      el('td', { text: formatBytes(recording.bytes) }),
      el('td', {}, [play, ' ', download]),
    ]);
  });
  return el('table', { className: 'recordings-table' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Started', 'Length', 'Size', ''].map((text) => el('th', { text })),
      ),
    ]),
    el('tbody', {}, rows),
  ]);
}

function formatStart(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Not only API calls fail here: a recording that does not parse says why in its own words. */
function describe(error: unknown): string {
  return failureText(error, RECORDING_FAILURES, (other) =>
    other instanceof Error ? other.message : String(other),
  );
}
