// The parts that hold the gateway's state: live sessions (with presence and recorders), share
// links, sign-in, pair sessions and panes' history, started in that order.

import type { AsyncDisposableStore } from '../../shared/lifecycle.js';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import { HistoryService } from '../history/historyService.js';
import { LinkService } from '../links/linkService.js';
import { ShareLinks } from '../links/shareLinks.js';
import { PairManager } from '../pair/pairManager.js';
import { PairStore } from '../pair/pairStore.js';
import type { RecordingManager } from '../recording/recordingManager.js';
import type { SessionRegistry, TmuxServerFactory } from '../sessions/sessionRegistry.js';
import { realTimers } from '../realTimers.js';
import type { Foundation } from './foundation.js';
import { startLiveSessions } from './liveSessions.js';
import { createSignIn, type SignIn } from './signIn.js';

export interface SessionParts {
  sessions: SessionRegistry;
  recordings: RecordingManager;
  links: LinkService;
  signIn: SignIn;
  pairs: PairManager;
  history: HistoryService;
}

export async function startSessionParts(
  config: GatewayConfig,
  base: Foundation,
  parts: AsyncDisposableStore,
  tmuxFor?: TmuxServerFactory,
): Promise<SessionParts> {
  const { audit, log, now, limits } = base;
  const { sessions, recordings } = parts.add(
    startLiveSessions(config, { audit, log, limits, tmuxFor }),
  );
  base.scrape(() => sessions.all());
  const links = new LinkService(await ShareLinks.load(config.stateDir, now), sessions, audit, now);
  const signIn = await createSignIn(config, {
    ...base,
    guestLinkUsable: (linkId) => links.isUsable(linkId),
  });
  const pairs = new PairManager({
    stateDir: config.stateDir,
    store: await PairStore.load(config.stateDir),
    sessions,
    links,
    audit,
    log,
    now,
  });
  parts.add(pairs);
  await pairs.start();
  // Started once the pairs have been checked (as before); close stops their sweep first.
  links.start();
  parts.add(links);
  const history = parts.add(new HistoryService(config.history, audit, realTimers, now));
  return { sessions, recordings, links, signIn, pairs, history };
}
