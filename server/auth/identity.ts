// Who a request comes from, once authenticated.

export type IdentityKind = 'local' | 'guest' | 'oidc' | 'proxy';

export interface Identity {
  name: string;
  kind: IdentityKind;
  /** Gateway-wide administrator: owner of every session. */
  admin: boolean;
}
