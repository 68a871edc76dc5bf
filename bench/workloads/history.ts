// History workload (issue 17): the time and bytes to fetch N coloured lines of a pane's history,
// straight from tmux (`capture-pane`) and through the gateway's history API (a snapshot, then
// pages of 2,000 lines); and the echo of a writer while a viewer pages through that history.

import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { historyPageSchema, type HistoryPage } from '../../shared/api/history.js';
import { DEFAULT_HISTORY } from '../../server/config/gatewayConfig.js';
import { connect } from '../gatewayDriver.js';
import { startGatewayProcess, viewerCookie, type GatewayProcess } from '../gatewayProcess.js';
import type { BenchOptions } from '../options.js';
import { percentile } from '../stats.js';
import type { ResultTable } from '../table.js';
import { SESSION, SHELL, startTmuxServer, type TmuxServer } from '../tmuxServer.js';
import { sleep, waitUntil } from '../wait.js';
import { timeKeystrokes } from './keystrokes.js';

const run = promisify(execFile);
const BYTES_PER_MB = 1e6;
/** Fetches of the whole history timed each way; the median is reported. */
const FETCH_REPEATS = 3;
/** Lines per page, the gateway's default `history.pageLines`. */
const PAGE_LINES = DEFAULT_HISTORY.pageLines;
/** Room above the printed lines, so that none has left the history when it is fetched. */
const HISTORY_HEADROOM = 1000;
/** Printing N lines takes the shell a few seconds; a hang is a failure. */
const PRINT_TIMEOUT_MS = 120_000;
const CLEAR_LINE = '\x15';

interface Fetched {
  ms: number;
  bytes: number;
  lines: number;
  /** HTTP requests it took (1 for tmux's own capture). */
  requests: number;
}

export async function historyWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const tmux = await startTmuxServer(SHELL);
  try {
    const pane = await printColouredHistory(tmux, options.historyLines);
    const raw = await repeat(() => captureDirectly(tmux, pane));
    const gateway = await startGatewayProcess(tmux, {
      // The bench pages as fast as it can: far past a person's rate limit.
      history: { ...DEFAULT_HISTORY, requestsPerMinute: 100_000 },
    });
    try {
      const viaGateway = await repeat(() =>
        fetchThroughGateway(gateway, gateway.ownerCookie, pane),
      );
      for (const fetched of [raw, viaGateway]) {
        if (fetched.lines < options.historyLines) {
          throw new Error(
            `fetched ${fetched.lines} lines, fewer than the ${options.historyLines} printed`,
          );
        }
      }
      const echo = await echoWhilePaging(options, gateway, pane);
      return [
        {
          title: `history: fetch ${options.historyLines} coloured lines (raw: one tmux capture-pane; gateway: snapshot + pages of ${PAGE_LINES} over HTTP)`,
          metrics: [
            { name: 'time, ms', raw: raw.ms, gateway: viaGateway.ms, digits: 1 },
            {
              name: 'bytes, MB',
              raw: raw.bytes / BYTES_PER_MB,
              gateway: viaGateway.bytes / BYTES_PER_MB,
              digits: 3,
            },
          ],
        },
        {
          title: `history: a writer's echo while a viewer pages through the whole history, ms (${options.historyEchoSamples} keystrokes; raw: the same gateway with nobody paging)`,
          metrics: [50, 99].flatMap((p) => [
            {
              name: `p${p}, paging at the rate limit (${DEFAULT_HISTORY.requestsPerMinute} requests/min)`,
              raw: percentile(echo.idle, p),
              gateway: percentile(echo.paced, p),
              digits: 2,
            },
            {
              name: `p${p}, paging flat out (rate limit lifted)`,
              raw: percentile(echo.idle, p),
              gateway: percentile(echo.flatOut, p),
              digits: 2,
            },
          ]),
        },
      ];
    } finally {
      await gateway.stop();
    }
  } finally {
    await tmux.stop();
  }
}

/**
 * Gives the session a window whose pane keeps `lines` and more (history-limit applies to panes
 * created after it is set), prints that many coloured lines in it, and returns its pane id.
 */
async function printColouredHistory(tmux: TmuxServer, lines: number): Promise<string> {
  await tmux.tmux('set-option', '-g', 'history-limit', String(lines + HISTORY_HEADROOM));
  await tmux.tmux('new-window', '-t', `=${SESSION}:`, '--', ...SHELL);
  await tmux.tmux('kill-window', '-t', `=${SESSION}:0`);
  const pane = (
    await tmux.tmux('display-message', '-p', '-t', `=${SESSION}:`, '#{pane_id}')
  ).trim();
  const script = `for i in $(seq 1 ${lines}); do printf '\\033[3%dmcoloured line %d\\033[0m\\n' $((i % 8)) $i; done`;
  await tmux.tmux('send-keys', '-t', pane, script, 'Enter');
  const deadline = Date.now() + PRINT_TIMEOUT_MS;
  const screen = () => tmux.tmux('capture-pane', '-p', '-t', pane);
  while (!(await screen()).includes(`coloured line ${lines}\n`)) {
    if (Date.now() > deadline) throw new Error(`${lines} lines were not printed in time`);
    await sleep(100);
  }
  await sleep(300);
  return pane;
}

async function repeat(fetch: () => Promise<Fetched>): Promise<Fetched> {
  const results: Fetched[] = [];
  for (let i = 0; i < FETCH_REPEATS; i += 1) results.push(await fetch());
  const ms = percentile(
    results.map((result) => result.ms),
    50,
  );
  return { ...results[0]!, ms };
}

async function captureDirectly(tmux: TmuxServer, pane: string): Promise<Fetched> {
  const start = performance.now();
  const { stdout } = await run(
    'tmux',
    ['-S', tmux.socket, 'capture-pane', '-p', '-e', '-J', '-S', '-', '-E', '-', '-t', pane],
    { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
  );
  const ms = performance.now() - start;
  return {
    ms,
    bytes: stdout.length,
    lines: stdout.toString('utf8').split('\n').length,
    requests: 1,
  };
}

async function fetchPage(gateway: GatewayProcess, cookie: string, path: string) {
  const response = await fetch(`${gateway.url}${path}`, { headers: { Cookie: cookie } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
  return { page: historyPageSchema.parse(JSON.parse(text)), bytes: Buffer.byteLength(text) };
}

/** The whole history through the API: a new snapshot's last page, then older pages to its top. */
async function fetchThroughGateway(
  gateway: GatewayProcess,
  cookie: string,
  pane: string,
): Promise<Fetched> {
  const base = `/api/sessions/${SESSION}/panes/${encodeURIComponent(pane)}/history`;
  const start = performance.now();
  const newest = await fetchPage(gateway, cookie, `${base}?lines=${PAGE_LINES}`);
  let bytes = newest.bytes;
  let lines = newest.page.lines.length;
  let requests = 1;
  let oldest: HistoryPage = newest.page;
  while (oldest.from > 0) {
    const query = `snapshot=${oldest.snapshot}&before=${oldest.from}&lines=${PAGE_LINES}`;
    const older = await fetchPage(gateway, cookie, `${base}?${query}`);
    bytes += older.bytes;
    lines += older.page.lines.length;
    requests += 1;
    oldest = older.page;
  }
  return { ms: performance.now() - start, bytes, lines, requests };
}

/** A viewer paging at the default rate limit: two requests a second. */
const PACED_REQUEST_MS = 60_000 / DEFAULT_HISTORY.requestsPerMinute;

/** The whole history again and again; `paced`: one request per PACED_REQUEST_MS at most. */
async function pageUntil(
  stop: () => boolean,
  paced: boolean,
  gateway: GatewayProcess,
  cookie: string,
  pane: string,
): Promise<void> {
  while (!stop()) {
    const started = performance.now();
    const fetched = await fetchThroughGateway(gateway, cookie, pane);
    if (paced)
      await sleep(Math.max(0, fetched.requests * PACED_REQUEST_MS - (performance.now() - started)));
  }
}

async function echoWhilePaging(options: BenchOptions, gateway: GatewayProcess, pane: string) {
  const writer = await connect(gateway.url, gateway.ownerCookie, false);
  try {
    await waitUntil('the initial screen', () => writer.client.bytes > 0);
    await sleep(500);
    const idle = await timeKeystrokes(
      writer.client,
      [writer.client],
      options.historyEchoSamples,
      CLEAR_LINE,
    );
    const viewer = await viewerCookie(gateway);
    const whilePaging = async (paced: boolean) => {
      let done = false;
      const pager = pageUntil(() => done, paced, gateway, viewer, pane);
      try {
        return await timeKeystrokes(
          writer.client,
          [writer.client],
          options.historyEchoSamples,
          CLEAR_LINE,
        );
      } finally {
        done = true;
        await pager;
      }
    };
    return { idle, paced: await whilePaging(true), flatOut: await whilePaging(false) };
  } finally {
    writer.client.close();
  }
}
