// The password users of the current configuration, looked up by name at every sign-in and request.

import type { UserConfig } from '../config/gatewayConfig.js';

export class LocalUsers {
  private readonly byName: ReadonlyMap<string, UserConfig>;

  constructor(users: readonly UserConfig[]) {
    this.byName = new Map(users.map((user) => [user.name, user]));
  }

  find(name: string): UserConfig | undefined {
    return this.byName.get(name);
  }
}
