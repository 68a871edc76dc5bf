// The setup most integration tests share: a private tmux server, the gateway in-process with
// password users, their cookies, and a connect() whose clients end with the test.

import type { TestContext } from 'node:test';
import { hashPassword } from '../auth/passwords.js';
import type { SessionConfig, UserConfig } from '../config/gatewayConfig.js';
import { startGateway, type GatewayFixture } from './gatewayFixture.js';
import { TestClient, type TestClientOptions } from './testClient.js';
import { startTmux, type TmuxFixture } from './tmuxFixture.js';

/** Every setup user's password. */
export const PASSWORD = 'pw';

/** Hashing is slow on purpose: once per test file. */
let passwordHash: Promise<string> | undefined;

export interface SetupOptions<U extends string> {
  /** Users with PASSWORD; `admins` among them are admins. */
  users?: readonly U[];
  admins?: readonly U[];
  /** tmux sessions started before the gateway. */
  tmuxSessions?: string[];
  /** The gateway's sessions on that tmux server. */
  sessions: (socket: string) => SessionConfig[];
  /** More gateway options (limits, heartbeat, …). */
  gateway?: Omit<NonNullable<Parameters<typeof startGateway>[1]>, 'users'>;
  /** Sign every user in at once (default true); false where the test counts logins. */
  signIn?: boolean;
}

export interface Setup<U extends string> {
  tmux: TmuxFixture;
  gw: GatewayFixture;
  cookies: Record<U, string>;
  /** Closed when the test ends, before the gateway stops: push anything with close(). */
  clients: Array<{ close(): void }>;
  /** Connects `user` (session main unless told) and waits for the server's hello. */
  connect: (user: U, options?: Omit<TestClientOptions, 'url' | 'cookie'>) => Promise<TestClient>;
}

export async function setup<U extends string>(
  t: TestContext,
  options: SetupOptions<U>,
): Promise<Setup<U>> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const admins = new Set<string>(options.admins ?? []);
  const users: UserConfig[] = (options.users ?? []).map((name) => ({
    name,
    passwordHash: hash,
    admin: admins.has(name),
  }));
  const tmux = await startTmux(options.tmuxSessions);
  const gw = await startGateway(options.sessions(tmux.socket), { ...options.gateway, users });
  const clients: Array<{ close(): void }> = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await gw.cleanup();
    await tmux.cleanup();
  });
  const cookies = {} as Record<U, string>;
  if (options.signIn ?? true) {
    for (const user of options.users ?? []) cookies[user] = await gw.loginAs(user, PASSWORD);
  }
  const connect = async (
    user: U,
    clientOptions: Omit<TestClientOptions, 'url' | 'cookie'> = {},
  ) => {
    const client = await TestClient.connect({
      url: gw.url,
      cookie: cookies[user],
      ...clientOptions,
    });
    clients.push(client);
    await client.waitForMessage('hello');
    return client;
  };
  return { tmux, gw, cookies, clients, connect };
}
