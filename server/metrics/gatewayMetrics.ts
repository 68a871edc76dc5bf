// The gateway's Prometheus metrics, in a registry of its own (several gateways in one process —
// tests — never share counters). Connections report through ConnectionMetrics, one call per fact.

import {
  Counter,
  Gauge,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
} from 'prom-client';
import type { LiveSession } from '../sessions/sessionRegistry.js';
import { closeReasonLabel } from './closeReasons.js';

/** Every metric of ours starts with this. */
const PREFIX = 'tmuxgate_';

/** What one browser connection reports; each method is one line in the connection's code. */
export interface ConnectionMetrics {
  /** Bytes of terminal input received from the browser (before the role check). */
  bytesIn(bytes: number): void;
  /** Bytes of terminal output sent to the browser. */
  bytesOut(bytes: number): void;
  /** Output not sent because the browser was too far behind (flow control). */
  outputDiscarded(bytes: number): void;
  /** The browser caught up and tmux was asked to redraw it. */
  redraw(): void;
  /** The WebSocket closed with this code. */
  closed(code: number): void;
  /** `tmux attach` could not be spawned in a pty. */
  ptySpawnFailed(): void;
}

export type LoginResult = 'ok' | 'failed' | 'rate-limited';

/**
 * Bytes of one session not yet added to its counters. Output is counted per member per frame
 * (2,000 calls a frame for 2,000 viewers), and prom-client hashes the labels on every `inc`:
 * connections add to their session's tally instead, and a scrape folds the tallies in.
 */
interface ByteTally {
  received: number;
  sent: number;
  discarded: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly redraws: Counter<'session'>;
  private readonly closes: Counter<'reason'>;
  private readonly ptySpawnFailures: Counter;
  private readonly logins: Counter<'method' | 'result'>;
  private readonly upgradesRefused: Counter<'reason'>;
  private readonly tlsNotAfter: Gauge;
  private readonly tlsReloads: Counter<'result'>;
  private readonly tallies = new Map<string, ByteTally>();

  /** `sessions` is read at each scrape (the live sessions, pair sessions included). */
  constructor(sessions: () => readonly LiveSession[]) {
    const counter = <T extends string>(config: CounterConfiguration<T>) =>
      new Counter<T>({ ...config, name: PREFIX + config.name, registers: [this.registry] });
    new Gauge<'session' | 'role'>({
      name: `${PREFIX}clients`,
      help: 'Browsers connected, by session and role.',
      labelNames: ['session', 'role'],
      registers: [this.registry],
      // Counted at scrape time from the live sessions, so it can never drift from the truth.
      collect() {
        this.reset();
        for (const session of sessions()) {
          for (const member of session.members) {
            this.inc({ session: session.name, role: member.role });
          }
        }
      },
    });
    const tallies = this.tallies;
    const byteCounter = (name: string, help: string, field: keyof ByteTally) =>
      counter({
        name,
        help,
        labelNames: ['session'],
        collect() {
          for (const [session, tally] of tallies) {
            if (tally[field] > 0) this.inc({ session }, tally[field]);
            tally[field] = 0;
          }
        },
      });
    byteCounter(
      'client_received_bytes_total',
      'Terminal input bytes received from browsers.',
      'received',
    );
    byteCounter('client_sent_bytes_total', 'Terminal output bytes sent to browsers.', 'sent');
    byteCounter(
      'output_discarded_bytes_total',
      'Output bytes not sent to browsers that were too far behind (flow control).',
      'discarded',
    );
    this.redraws = counter({
      name: 'output_redraws_total',
      help: 'Redraws requested from tmux for browsers that caught up after discarding.',
      labelNames: ['session'],
    });
    this.closes = counter({
      name: 'websocket_closes_total',
      help: 'Terminal WebSockets closed, by reason (from the close code).',
      labelNames: ['reason'],
    });
    this.ptySpawnFailures = counter({
      name: 'pty_spawn_failures_total',
      help: 'tmux attach processes that could not be spawned.',
    });
    this.logins = counter({
      name: 'logins_total',
      help: 'Sign-ins, by method (password, link, share-link, …) and result.',
      labelNames: ['method', 'result'],
    });
    this.upgradesRefused = counter({
      name: 'websocket_upgrades_refused_total',
      help: 'WebSocket upgrades refused before they opened, by reason.',
      labelNames: ['reason'],
    });
    this.tlsNotAfter = new Gauge({
      name: `${PREFIX}tls_certificate_expiry_timestamp_seconds`,
      help: 'When the served TLS certificate expires (Unix time); alert well before it.',
      registers: [this.registry],
    });
    this.tlsReloads = counter({
      name: 'tls_reloads_total',
      help: 'Certificate reloads (SIGHUP), by result.',
      labelNames: ['result'],
    });
    // Process CPU, memory, file descriptors, event-loop lag, GC: prom-client's standard set.
    collectDefaultMetrics({ register: this.registry });
  }

  /** The reporting handle of one connection on `session`. */
  forConnection(session: string): ConnectionMetrics {
    const labels = { session };
    let tally = this.tallies.get(session);
    if (!tally) {
      tally = { received: 0, sent: 0, discarded: 0 };
      this.tallies.set(session, tally);
    }
    const counts = tally;
    return {
      bytesIn: (bytes) => (counts.received += bytes),
      bytesOut: (bytes) => (counts.sent += bytes),
      outputDiscarded: (bytes) => (counts.discarded += bytes),
      redraw: () => this.redraws.inc(labels),
      closed: (code) => this.closes.inc({ reason: closeReasonLabel(code) }),
      ptySpawnFailed: () => this.ptySpawnFailures.inc(),
    };
  }

  login(method: string, result: LoginResult): void {
    this.logins.inc({ method, result });
  }

  upgradeRefused(reason: string): void {
    this.upgradesRefused.inc({ reason });
  }

  tlsLoaded(notAfter: Date): void {
    this.tlsNotAfter.set(Math.floor(notAfter.getTime() / 1000));
    this.tlsReloads.inc({ result: 'ok' }, 0);
  }

  tlsReloaded(result: 'ok' | 'refused'): void {
    this.tlsReloads.inc({ result });
  }

  /** The exposition: content type and text. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
