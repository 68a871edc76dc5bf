// Abuse workload (gateway only): one abusive viewer opens terminals at many distinct own sizes,
// floods resizes and reconnects, while an unauthenticated client floods refused logins. Reports the
// gateway's resident memory before, at its peak during, and after, and the writer's echo meanwhile.

import type WebSocket from 'ws';
import { encodeMessage } from '../../shared/protocol.js';
import { connect } from '../gatewayDriver.js';
import { startGatewayProcess, viewerCookie } from '../gatewayProcess.js';
import type { BenchOptions } from '../options.js';
import { peakOf, rssBytes } from '../procStats.js';
import { percentile } from '../stats.js';
import type { ResultTable } from '../table.js';
import { SHELL, startTmuxServer } from '../tmuxServer.js';
import { sleep } from '../wait.js';
import { timeKeystrokes } from './keystrokes.js';

const BYTES_PER_MB = 1e6;
/** How often resident memory is sampled during the abuse. */
const RSS_SAMPLE_MS = 100;
/** Time given to the gateway to release what the abuser held before "after" is read. */
const RELEASE_MS = 5000;
/** Resizes one abusive socket sends in one burst. */
const RESIZES_PER_SOCKET = 200;
const CLEAR_LINE = '\x15';

export async function abuseWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const tmux = await startTmuxServer(SHELL);
  try {
    const gateway = await startGatewayProcess(tmux);
    try {
      return [await measure(options, gateway, (...args) => tmux.tmux(...args))];
    } finally {
      await gateway.stop();
    }
  } finally {
    await tmux.stop();
  }
}

async function measure(
  options: BenchOptions,
  gateway: Awaited<ReturnType<typeof startGatewayProcess>>,
  tmux: (...args: string[]) => Promise<string>,
): Promise<ResultTable> {
  const writer = await connect(gateway.url, gateway.ownerCookie, false);
  await sleep(1000);
  const before = rssBytes(gateway.pid);
  const echoBefore = await timeKeystrokes(
    writer.client,
    [writer.client],
    options.abuseEchoSamples,
    CLEAR_LINE,
  );

  const sampler = peakOf(() => rssBytes(gateway.pid), RSS_SAMPLE_MS);
  const abuser = await viewerCookie(gateway);
  const sockets: WebSocket[] = [];
  let flooding = true;
  const flood = (async () => {
    let sent = 0;
    while (flooding && sent < options.abuseLoginFlood) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${gateway.url}/api/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'x'.repeat(256), password: 'wrong' }),
          }).then(
            (response) => response.arrayBuffer(),
            () => undefined,
          ),
        ),
      );
      sent += 50;
    }
  })();
  for (let i = 0; i < options.abuseSizes; i += 1) {
    const size = { cols: 200 + i * 13, rows: 60 + i * 7 };
    const opened = await connect(gateway.url, abuser, false, size).catch(() => undefined);
    if (!opened) continue;
    sockets.push(opened.ws);
    for (let r = 0; r < RESIZES_PER_SOCKET; r += 1) {
      opened.ws.send(
        encodeMessage({ type: 'resize', cols: 100 + ((i + r) % 300), rows: 40 + (r % 100) }),
      );
    }
  }
  for (let i = 0; i < options.abuseReconnects; i += 1) {
    const again = await connect(gateway.url, abuser, false, { cols: 90 + i, rows: 30 }).catch(
      () => undefined,
    );
    again?.ws.terminate();
  }
  const echoDuring = await timeKeystrokes(
    writer.client,
    [writer.client],
    options.abuseEchoSamples,
    CLEAR_LINE,
  );
  flooding = false;
  await flood;
  const clientsDuring = (await tmux('list-clients'))
    .split('\n')
    .filter((line) => line !== '').length;
  const peak = sampler.stop();
  for (const ws of sockets) ws.terminate();
  await sleep(RELEASE_MS);
  const after = rssBytes(gateway.pid);
  writer.client.close();
  const row = (name: string, value: number, digits: number) => ({
    name,
    raw: Number.NaN,
    gateway: value,
    digits,
  });
  return {
    title: `abuse: ${options.abuseSizes} own sizes × ${RESIZES_PER_SOCKET} resizes, ${options.abuseReconnects} reconnects and ${options.abuseLoginFlood} refused logins at once (gateway only)`,
    metrics: [
      row('gateway RSS before, MB', before / BYTES_PER_MB, 1),
      row('gateway RSS at its peak during, MB', peak / BYTES_PER_MB, 1),
      row(`gateway RSS ${RELEASE_MS / 1000} s after the abuser left, MB`, after / BYTES_PER_MB, 1),
      row('tmux clients during the abuse', clientsDuring, 0),
      row('writer echo p50 before, ms', percentile(echoBefore, 50), 2),
      row('writer echo p50 during, ms', percentile(echoDuring, 50), 2),
      row('writer echo p99 during, ms', percentile(echoDuring, 99), 2),
    ],
  };
}
