// The audit fields that say who a record is about (the audit log knows nothing of identities).

import type { AuditRecord } from '../audit.js';
import type { Identity } from './identity.js';

/** Who a record is about: name, how they signed in, and for a guest the link they came through. */
export function identityFields(identity: Identity): Pick<AuditRecord, 'user' | 'kind' | 'link'> {
  return {
    user: identity.name,
    kind: identity.kind,
    ...(identity.guest ? { link: identity.guest.linkId } : {}),
  };
}
