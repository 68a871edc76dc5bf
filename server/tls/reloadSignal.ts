// SIGHUP re-reads the TLS certificate and key (systemd's ExecReload, certbot's deploy hook).
// Handling it also keeps a stray SIGHUP (a closed terminal) from killing the gateway.

import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';

/** Calls `reload` on every SIGHUP until the returned function is called. */
export function reloadOnSighup(reload: () => Promise<boolean>, log: Logger): () => void {
  const onSignal = () => {
    log.info('reload_requested', { signal: 'SIGHUP' });
    reload().catch((error: unknown) => log.error('reload_failed', { error: errorMessage(error) }));
  };
  process.on('SIGHUP', onSignal);
  return () => process.off('SIGHUP', onSignal);
}
