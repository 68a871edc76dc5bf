// The composition root: builds the gateway from a config, each part after what it needs, each
// registered in one store right after it is made; close (or a start that fails) disposes them
// in reverse. Tests start it in-process.

import { AsyncDisposableStore } from '../shared/lifecycle.js';
import type { Identity } from './auth/identity.js';
import {
  resolveConfig,
  type GatewayConfig,
  type GatewayConfigInput,
} from './config/gatewayConfig.js';
import { openFoundation, type Foundation } from './gateway/foundation.js';
import type { Listening } from './gateway/listeners.js';
import { startServing, type Serving } from './gateway/serving.js';
import { startSessionParts, type SessionParts } from './gateway/sessionParts.js';
import { startupWarnings } from './gateway/startupWarnings.js';
import type { LinkService } from './links/linkService.js';
import type { Logger } from './log.js';
import { errorMessage } from './log.js';
import type { SessionRegistry, TmuxServerFactory } from './sessions/sessionRegistry.js';

export interface Gateway {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). A listen
   * that fails closes the gateway (everything it started is released), then rejects. */
  listen(): Promise<Listening>;
  /** Tells every browser `exit shutdown`, ends every attach pty, stops listening. Sessions live on. */
  close(): Promise<void>;
  /** A one-time login URL for `identity` (what `serve` prints for the embedded default). */
  issueLoginUrl(identity: Identity): string;
  readonly sessions: SessionRegistry;
  /** Share links of every session (used by the control socket and tests). */
  readonly links: LinkService;
  /** The URL the gateway is reached at: publicUrl, or the listening address once listening. */
  baseUrl(): string;
  /** Re-reads the TLS certificate and key (SIGHUP); false when refused or TLS is off. */
  reloadTls(): Promise<boolean>;
  /** Problems found at start that do not stop the gateway (shared sockets, loose permissions). */
  readonly warnings: readonly string[];
}

export interface GatewayOptions {
  log: Logger;
  /** Folder of the built client; defaults to dist/client in the package. */
  clientDir?: string;
  /** The clock for expiries (links, pair sessions); tests move it. */
  now?: () => number;
  /** WebSocket ping interval; HEARTBEAT_INTERVAL_MS unless a test shortens it. */
  heartbeatMs?: number;
  /** The tmux server behind each session: local unless a test drives the gateway with a fake. */
  tmuxFor?: TmuxServerFactory;
}

/**
 * Builds the gateway; a part that fails to start releases the parts started before it. A parsed
 * configuration is complete; one written in code gets the parser's defaults for what it omits.
 */
export async function createServer(
  input: GatewayConfigInput,
  options: GatewayOptions,
): Promise<Gateway> {
  const config = resolveConfig(input);
  const parts = new AsyncDisposableStore();
  try {
    return await composeGateway(config, options, parts);
  } catch (error) {
    await parts.dispose().catch((cleanup: unknown) => {
      options.log.error('start_cleanup_failed', { error: errorMessage(cleanup) });
    });
    throw error;
  }
}

async function composeGateway(
  config: GatewayConfig,
  options: GatewayOptions,
  parts: AsyncDisposableStore,
): Promise<Gateway> {
  const base = await openFoundation(config, options, parts);
  const live = await startSessionParts(config, base, parts, options.tmuxFor);
  const warnings = await startupWarnings(config, base.log);
  const serving = startServing(config, parts, { base, live, options });
  return gatewayHandle(parts, { base, live, serving, warnings });
}

/** The parts a Gateway hands out, once all of them have started. */
interface Composed {
  base: Foundation;
  live: SessionParts;
  serving: Serving;
  warnings: string[];
}

/** What callers hold: listen, close (disposes every part, once) and the parts they use. */
function gatewayHandle(parts: AsyncDisposableStore, composed: Composed): Gateway {
  const { base, live, serving, warnings } = composed;
  const { log, address } = base;
  const { listeners, oneTimeTokens, tlsReloader } = serving;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= parts.dispose().then(() => {
      log.info('closed', { clients: listeners.endedClients });
    });
    return closed;
  };
  return {
    sessions: live.sessions,
    links: live.links,
    baseUrl: () => address.url(),
    warnings,
    reloadTls: async () => {
      if (tlsReloader) return tlsReloader.reload();
      log.warn('tls_reload_skipped', { reason: 'TLS is not configured (listen.tls)' });
      return false;
    },
    listen: async () => {
      try {
        return await listeners.listen();
      } catch (error) {
        // The listen error is the one to report; a failed release is logged.
        await close().catch((cleanup: unknown) => {
          log.error('start_cleanup_failed', { error: errorMessage(cleanup) });
        });
        throw error;
      }
    },
    issueLoginUrl: (identity) => `${address.url()}/login?token=${oneTimeTokens.issue(identity)}`,
    close,
  };
}
