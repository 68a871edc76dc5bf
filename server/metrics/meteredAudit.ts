// Counts sign-ins and refused upgrades from the audit trail itself: every login path already
// writes one audit record per outcome, so the counters cannot miss one (or count one twice).

import type { AuditEvent, AuditLog, AuditRecord } from '../audit.js';
import type { GatewayMetrics } from './gatewayMetrics.js';

/** Share-link joins are audited as link events; they are sign-ins of guests. */
const SHARE_LINK_METHOD = 'share-link';

type Counting = (metrics: GatewayMetrics, record: AuditRecord) => void;

/** The audit events that are counted, and how; every other event is only audited. */
const COUNTED: Partial<Record<AuditEvent, Counting>> = {
  login: (metrics, record) => metrics.login(record.method ?? 'unknown', 'ok'),
  'login-failed': (metrics, record) => metrics.login(record.method ?? 'unknown', 'failed'),
  'login-rate-limited': (metrics, record) =>
    metrics.login(record.method ?? 'password', 'rate-limited'),
  'link-used': (metrics) => metrics.login(SHARE_LINK_METHOD, 'ok'),
  'link-refused': (metrics) => metrics.login(SHARE_LINK_METHOD, 'failed'),
  'upgrade-denied': (metrics, record) => metrics.upgradeRefused(record.reason ?? 'unknown'),
};

/** `audit`, also counting what it records into `metrics` (when metrics are on). */
export function meteredAudit(audit: AuditLog, metrics: GatewayMetrics | undefined): AuditLog {
  if (!metrics) return audit;
  return {
    write: (record) => {
      audit.write(record);
      COUNTED[record.event]?.(metrics, record);
    },
    dispose: () => audit.dispose(),
  };
}
