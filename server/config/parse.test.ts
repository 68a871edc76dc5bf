import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfigFile } from '../cli/configFile.js';
import {
  DEFAULT_AUDIT,
  DEFAULT_LIMITS,
  DEFAULT_HISTORY,
  DEFAULT_RECORDING,
  type GatewayConfig,
} from './gatewayConfig.js';
import { ConfigError, parseConfig } from './parse.js';
import { defaultStateDir } from '../state/stateDir.js';
import { certificateDir } from '../integration/certificateFixture.js';

/** A well-formed hash (N=2^14) of "pw"; only its format matters here. */
const HASH =
  'scrypt$N=16384,r=8,p=1$bLi0tNiwQZiISnK9N9NVAQ==$/Fr4nrqy6JYeVF7ZIwvFOMvrLhW8m7i/X2A6yxz0ZLE=';

const VALID = `
listen: { host: 127.0.0.1, port: 7681 }
publicUrl: https://tmux.example.com   # for share links and the Origin check
stateDir: /var/lib/tmuxgate
users:
  - name: alice
    passwordHash: "${HASH}"
    admin: true
  - name: bob
    passwordHash: "${HASH}"
sessions:
  - name: incident                    # the name in URLs: [A-Za-z0-9_-]{1,64}
    socket: /run/tmux-shared/collab   # tmux -S path
    target: work                      # tmux session name on that socket
    create: false                     # create the tmux session if missing
    access:                           # user name, or "*" for any signed-in user
      alice: owner
      bob: writer
      "*": viewer
`;

/** The sections a file leaves out, as the parser fills them in. */
const SECTION_DEFAULTS = {
  allowedHosts: [],
  recording: DEFAULT_RECORDING,
  history: DEFAULT_HISTORY,
  audit: DEFAULT_AUDIT,
  limits: DEFAULT_LIMITS,
  auth: { local: true },
  trustProxy: [],
  metrics: { enabled: false },
  log: { level: 'info' },
} satisfies Partial<GatewayConfig>;

const EXPECTED: GatewayConfig = {
  ...SECTION_DEFAULTS,
  listen: { host: '127.0.0.1', port: 7681 },
  publicUrl: 'https://tmux.example.com',
  stateDir: '/var/lib/tmuxgate',
  users: [
    { name: 'alice', passwordHash: HASH, admin: true },
    { name: 'bob', passwordHash: HASH, admin: false },
  ],
  sessions: [
    {
      name: 'incident',
      socket: '/run/tmux-shared/collab',
      target: 'work',
      create: false,
      access: { alice: 'owner', bob: 'writer', '*': 'viewer' },
      record: false,
      history: true,
    },
  ],
};

type Raw = Record<string, unknown> & {
  listen: Record<string, unknown>;
  users: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
};

/** The valid config as plain data, for cases that break one thing in it. */
function base(): Raw {
  return {
    listen: { host: '127.0.0.1', port: 7681 },
    stateDir: '/var/lib/tmuxgate',
    users: [
      { name: 'alice', passwordHash: HASH, admin: true },
      { name: 'bob', passwordHash: HASH },
    ],
    sessions: [
      { name: 'incident', socket: '/run/tmux/collab', target: 'work', access: { alice: 'owner' } },
    ],
  };
}

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

const NAME_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-"';
const USER_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, "_", ".", "@" or "-"';
const HASH_RULE = 'not a password hash; create one with tmuxgate hash-password';
const URL_RULE =
  'must be an http or https URL without path, query or credentials, like https://tmux.example.com';

const ISSUER_RULE =
  'must be an https URL without query or fragment, like https://idp.example.com/realms/ops (http only on a loopback address)';
const GROUP_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, "_", ".", "@", ":", "/" or "-"';
const OIDC = {
  issuer: 'https://idp.example.com/realms/ops',
  clientId: 'tmuxgate',
  clientSecret: 's3cret',
};
const PROXY = { userHeader: 'X-Forwarded-User', trustedProxies: ['10.0.0.0/8'] };

const BROKEN: { name: string; config: string | ((c: Raw) => void); problems: string[] }[] = [
  {
    name: 'unknown top-level key',
    config: (c) => (c.colour = 'red'),
    problems: [
      'colour: unknown key (known keys: listen, publicUrl, allowedHosts, stateDir, users, sessions, recording, history, audit, limits, auth, trustProxy, metrics, log)',
    ],
  },
  {
    name: 'unknown nested keys',
    config: (c) => {
      c.listen.adress = '::1';
      c.users[0]!.password = 'hunter2';
      c.sessions[0]!.Create = true;
    },
    problems: [
      'listen.adress: unknown key (known keys: host, port, tls)',
      'users.0.password: unknown key (known keys: name, passwordHash, admin)',
      'sessions.0.Create: unknown key (known keys: name, socket, target, create, record, history, access)',
    ],
  },
  {
    name: 'port out of range',
    config: (c) => (c.listen.port = 65536),
    problems: ['listen.port: must be a whole number from 0 to 65535'],
  },
  {
    name: 'port not a number',
    config: (c) => (c.listen.port = '7681x'),
    problems: ['listen.port: must be a whole number from 0 to 65535'],
  },
  {
    name: 'host with a space',
    config: (c) => (c.listen.host = 'local host'),
    problems: ['listen.host: must be a host name or an IP address'],
  },
  ...[
    'ftp://tmux.example.com',
    'https://tmux.example.com/gate',
    'https://u:p@tmux.example.com',
  ].map((url) => ({
    name: `publicUrl ${url}`,
    config: (c: Raw) => (c.publicUrl = url),
    problems: [`publicUrl: ${URL_RULE}`],
  })),
  ...['tmux.example.com:8443', 'https://tmux.example.com', '*.example.com', '[tmux]', ''].map(
    (entry) => ({
      name: `allowedHosts entry ${JSON.stringify(entry)}`,
      config: (c: Raw) => (c.allowedHosts = ['ok.example', entry]),
      problems: [
        'allowedHosts.1: must be a host name or an IP address, without scheme, port or wildcard, like tmux.internal',
      ],
    }),
  ),
  {
    name: 'allowedHosts not a list',
    config: (c) => (c.allowedHosts = 'tmux.internal'),
    problems: ['allowedHosts: must be a list of host names'],
  },
  {
    name: 'relative stateDir',
    config: (c) => (c.stateDir = '~/tmuxgate'),
    problems: ['stateDir: must be an absolute path'],
  },
  {
    name: 'plain password instead of a hash (never echoed)',
    config: (c) => (c.users[1]!.passwordHash = 'hunter2'),
    problems: [`users.1.passwordHash: ${HASH_RULE}`],
  },
  {
    name: 'numeric password instead of a hash',
    config: (c) => (c.users[1]!.passwordHash = 123456),
    problems: [`users.1.passwordHash: ${HASH_RULE}`],
  },
  {
    name: 'user without a hash',
    config: (c) => delete c.users[1]!.passwordHash,
    problems: ['users.1.passwordHash: required; create one with tmuxgate hash-password'],
  },
  {
    name: 'bad user name and admin flag',
    config: (c) => Object.assign(c.users[1]!, { name: 'bob smith', admin: 'yes' }),
    problems: [`users.1.name: ${USER_RULE}`, 'users.1.admin: must be true or false'],
  },
  {
    name: 'reserved user name',
    config: (c) => (c.users[1]!.name = '__proto__'),
    problems: ['users.1.name: "__proto__" is reserved'],
  },
  {
    name: 'duplicate user names, also differing only in case',
    config: (c) => {
      c.users.push({ name: 'alice', passwordHash: HASH }, { name: 'Bob', passwordHash: HASH });
    },
    problems: [
      'users.2.name: "alice" is already used by users.0',
      'users.3.name: "Bob" is already used by users.1 as "bob" (user names ignore case)',
    ],
  },
  {
    name: 'no sessions',
    config: (c) => (c.sessions = []),
    problems: ['sessions: must list at least one session'],
  },
  {
    name: 'sessions missing',
    config: (c) => delete (c as Partial<Raw>).sessions,
    problems: ['sessions: required (list at least one session)'],
  },
  {
    name: 'session name and target outside the name alphabet',
    config: (c) => Object.assign(c.sessions[0]!, { name: 'inc ident', target: '#(reboot)' }),
    problems: [`sessions.0.name: ${NAME_RULE}`, `sessions.0.target: ${NAME_RULE}`],
  },
  {
    name: 'relative socket',
    config: (c) => (c.sessions[0]!.socket = 'collab.sock'),
    problems: ['sessions.0.socket: must be an absolute path'],
  },
  {
    name: 'socket path too long',
    config: (c) => (c.sessions[0]!.socket = `/${'s'.repeat(100)}`),
    problems: [
      'sessions.0.socket: must be at most 100 bytes long (the limit of a Unix socket path)',
    ],
  },
  {
    name: 'session missing socket and target, create not a boolean',
    config: (c) => (c.sessions[0] = { name: 'incident', create: 'yes', access: {} }),
    problems: [
      'sessions.0.create: must be true or false',
      'sessions.0.socket: required',
      'sessions.0.target: required',
    ],
  },
  {
    name: 'access for unknown users and an unknown role',
    config: (c) =>
      (c.sessions[0]!.access = { alice: 'admin', bob: 'writer', carol: 'viewer', 'x.y': 'owner' }),
    problems: [
      'sessions.0.access.alice: must be viewer, writer or owner',
      'sessions.0.access.carol: no user named "carol" (list it under users, or use "*")',
      'sessions.0.access."x.y": no user named "x.y" (list it under users, or use "*")',
    ],
  },
  {
    name: 'access is a list',
    config: (c) => (c.sessions[0]!.access = ['alice']),
    problems: ['sessions.0.access: must be a mapping from user name (or "*") to role'],
  },
  {
    name: 'duplicate session names',
    config: (c) => c.sessions.push({ ...c.sessions[0]!, target: 'other' }),
    problems: ['sessions.1.name: "incident" is already used by sessions.0'],
  },
  {
    name: 'record not a boolean',
    config: (c) => (c.sessions[0]!.record = 'yes'),
    problems: ['sessions.0.record: must be true or false'],
  },
  {
    name: 'recording limits out of range, and an unknown recording key',
    config: (c) =>
      (c.recording = { maxFileBytes: 1000, maxFileSeconds: 1.5, retentionDays: 0, maxFiles: 3 }),
    problems: [
      'recording.maxFileBytes: must be a whole number from 65536 to 1099511627776',
      'recording.maxFileSeconds: must be a whole number from 60 to 604800',
      'recording.retentionDays: must be a whole number from 1 to 36500',
      'recording.maxFiles: unknown key (known keys: maxFileBytes, maxFileSeconds, retentionDays)',
    ],
  },
  {
    name: 'recording is not a mapping',
    config: (c) => (c.recording = true),
    problems: ['recording: must be a mapping with maxFileBytes, maxFileSeconds and retentionDays'],
  },
  {
    name: 'limits out of range, and an unknown limit',
    config: (c) =>
      (c.limits = {
        maxFrameBytes: 10,
        clientsPerSession: 0,
        totalClients: 1.5,
        ownSizeGroupsPerSession: -1,
        controlMessagesPerSecond: 5,
        maxUsers: 3,
      }),
    problems: [
      'limits.maxFrameBytes: must be a whole number from 1024 to 67108864',
      'limits.clientsPerSession: must be a whole number from 1 to 100000',
      'limits.totalClients: must be a whole number from 1 to 100000',
      'limits.ownSizeGroupsPerSession: must be a whole number from 0 to 1000',
      'limits.controlMessagesPerSecond: must be a whole number from 30 to 100000',
      'limits.maxUsers: unknown key (known keys: maxFrameBytes, inputBytesPerSecond, clientsPerSession, totalClients, clientsPerLogin, clientsPerAddress, reservedClientsPerSession, httpBodyBytes, ownSizeGroupsPerSession, controlMessagesPerSecond)',
    ],
  },
  {
    name: 'TLS paths relative, missing, and an unknown TLS key',
    config: (c) => (c.listen.tls = { cert: 'cert.pem', ca: '/etc/ca.pem' }),
    problems: [
      'listen.tls.cert: must be the absolute path of a PEM file',
      'listen.tls.ca: unknown key (known keys: cert, key)',
      'listen.tls.key: required',
    ],
  },
  {
    name: 'TLS is not a mapping',
    config: (c) => (c.listen.tls = true),
    problems: ['listen.tls: must be a mapping with cert and key (paths of PEM files)'],
  },
  {
    name: 'trustProxy entries that are not addresses or CIDRs',
    config: (c) =>
      (c.trustProxy = ['10.0.0.0/8', '10.0.0.0/33', 'proxy.example.com', '::1/129', '1.2.3.4/x']),
    problems: [1, 2, 3, 4].map(
      (index) =>
        `trustProxy.${index}: must be an IP address or a CIDR range like 10.0.0.0/8 or fd00::/8`,
    ),
  },
  {
    name: 'trustProxy trusting every address',
    config: (c) => (c.trustProxy = ['0.0.0.0/0', '::/0']),
    problems: [0, 1].map(
      (index) =>
        `trustProxy.${index}: must not be a /0 range: trusting every address would let anyone forge X-Forwarded-For`,
    ),
  },
  {
    name: 'trustProxy as a single string',
    config: (c) => (c.trustProxy = '127.0.0.1'),
    problems: ['trustProxy: must be a list of IP addresses or CIDR ranges'],
  },
  {
    name: 'metrics with a bad flag, port and an unknown key',
    config: (c) => (c.metrics = { enabled: 'yes', listen: { host: 'a b', port: 0 }, path: '/m' }),
    problems: [
      'metrics.enabled: must be true or false',
      'metrics.listen.host: must be an IP address or a host name',
      'metrics.listen.port: must be a whole number from 1 to 65535',
      'metrics.path: unknown key (known keys: enabled, listen)',
    ],
  },
  {
    name: 'metrics listen without a port, with an unknown key',
    config: (c) => (c.metrics = { listen: { adress: '127.0.0.1' } }),
    problems: [
      'metrics.listen.adress: unknown key (known keys: host, port)',
      'metrics.listen.port: required',
    ],
  },
  {
    name: 'metrics on the gateway port',
    config: (c) => (c.metrics = { listen: { host: '0.0.0.0', port: 7681 } }),
    problems: [
      'metrics.listen.port: must differ from listen.port (7681): the metrics listener needs its own port',
    ],
  },
  {
    name: 'log level unknown, and an unknown log key',
    config: (c) => (c.log = { level: 'verbose', file: '/var/log/x' }),
    problems: [
      'log.level: must be debug, info, warn or error',
      'log.file: unknown key (known keys: level)',
    ],
  },
  {
    name: 'the document is a list',
    config: '- sessions: []\n',
    problems: ['(top level): must be a mapping of settings'],
  },
  {
    name: 'YAML syntax error, with its position and without quoting the file',
    config: `users:\n  - name: alice\n    passwordHash: "hunter2\nsessions: []\n`,
    problems: ['line 5, column 1: Missing closing "quote'],
  },
  {
    name: 'YAML duplicate key',
    config: 'sessions: []\nsessions: []\n',
    problems: ['line 2, column 1: Map keys must be unique'],
  },
  // ── auth (docs/auth.md) ──
  {
    name: 'an OIDC issuer that is not an https URL',
    config: (c) => (c.auth = { oidc: { ...OIDC, issuer: 'http://idp.example.com' } }),
    problems: [`auth.oidc.issuer: ${ISSUER_RULE}`],
  },
  {
    name: 'an OIDC issuer that is not a URL, one with a query',
    config: (c) => (c.auth = { oidc: { ...OIDC, issuer: 'idp' }, proxy: PROXY }),
    problems: [`auth.oidc.issuer: ${ISSUER_RULE}`],
  },
  {
    name: 'an OIDC issuer with a query',
    config: (c) => (c.auth = { oidc: { ...OIDC, issuer: 'https://idp.example.com/?realm=x' } }),
    problems: [`auth.oidc.issuer: ${ISSUER_RULE}`],
  },
  {
    name: 'both clientSecret and clientSecretFile',
    config: (c) => (c.auth = { oidc: { ...OIDC, clientSecretFile: '/etc/tmuxgate/secret' } }),
    problems: ['auth.oidc.clientSecretFile: give clientSecret or clientSecretFile, not both'],
  },
  {
    name: 'neither clientSecret nor clientSecretFile',
    config: (c) => (c.auth = { oidc: { issuer: OIDC.issuer, clientId: 'tmuxgate' } }),
    problems: ['auth.oidc.clientSecret: required (or clientSecretFile)'],
  },
  {
    name: 'OIDC scopes without openid, an unknown OIDC key',
    config: (c) => (c.auth = { oidc: { ...OIDC, scopes: ['profile'], secret: 'x' } }),
    problems: [
      'auth.oidc.scopes: must be a list of scopes that includes "openid"',
      'auth.oidc.secret: unknown key (known keys: issuer, clientId, clientSecret, clientSecretFile, scopes, usernameClaim, groupsClaim, displayName)',
    ],
  },
  {
    name: 'a trusted proxy that is not a CIDR, one that trusts everyone',
    config: (c) =>
      (c.auth = { proxy: { ...PROXY, trustedProxies: ['10.0.0.0/8', '10.0.0.300/8', '::/0'] } }),
    problems: [
      'auth.proxy.trustedProxies.1: must be an IP address or a CIDR block, like 10.0.0.0/8 or fd00::/8',
      'auth.proxy.trustedProxies.2: a /0 block trusts every address; list only your proxy’s addresses',
    ],
  },
  {
    name: 'a proxy without trusted proxies, and a header name with a space',
    config: (c) => (c.auth = { proxy: { userHeader: 'X Forwarded User' } }),
    problems: [
      'auth.proxy.userHeader: must be an HTTP header name: 1-64 characters of A-Z, a-z, 0-9 or "-"',
      'auth.proxy.trustedProxies: required',
    ],
  },
  {
    name: 'a group key with a bad group name',
    config: (c) => {
      c.auth = { oidc: OIDC };
      c.sessions[0]!.access = { 'group:s r e': 'writer', 'group:': 'viewer' };
    },
    problems: [
      `sessions.0.access."group:s r e": group names ${GROUP_RULE}`,
      `sessions.0.access."group:": group names ${GROUP_RULE}`,
    ],
  },
  {
    name: 'a group key without any source of groups',
    config: (c) => {
      c.auth = { proxy: PROXY };
      c.sessions[0]!.access = { 'group:sre': 'writer' };
    },
    problems: [
      'sessions.0.access."group:sre": groups come from auth.oidc or auth.proxy.groupsHeader, and neither is set',
    ],
  },
  {
    name: 'an access key that is no user name, with OIDC on',
    config: (c) => {
      c.auth = { oidc: OIDC };
      c.sessions[0]!.access = { 'carol smith': 'writer', carol: 'writer' };
    },
    problems: [`sessions.0.access."carol smith": not a user name: ${USER_RULE}`],
  },
  {
    name: 'local users off while users are listed, and no other way in',
    config: (c) => (c.auth = { local: false }),
    problems: [
      'users: auth.local is false, so these users could never sign in (remove them)',
      'auth.local: with local users off nobody could sign in: configure auth.oidc or auth.proxy',
    ],
  },
  {
    name: 'several problems at once, in file order',
    config: (c) => {
      c.colour = 'red';
      c.listen.port = -1;
      c.users[0]!.passwordHash = 'hunter2';
      c.sessions[0]!.access = { mallory: 'owner' };
      c.sessions.push({ name: 'incident', socket: 'rel', target: 'work' });
    },
    problems: [
      'listen.port: must be a whole number from 0 to 65535',
      `users.0.passwordHash: ${HASH_RULE}`,
      'sessions.0.access.mallory: no user named "mallory" (list it under users, or use "*")',
      'sessions.1.name: "incident" is already used by sessions.0',
      'sessions.1.socket: must be an absolute path',
      'colour: unknown key (known keys: listen, publicUrl, allowedHosts, stateDir, users, sessions, recording, history, audit, limits, auth, trustProxy, metrics, log)',
    ],
  },
];

describe('parseConfig', () => {
  it('parses the documented example to the expected config', () => {
    assert.deepEqual(parseConfig(VALID, 'test.yaml'), EXPECTED);
  });

  it('fills in defaults', () => {
    const config = parseConfig(
      'sessions:\n  - { name: main, socket: /tmp/tmux.sock, target: main }\n',
      'test.yaml',
    );
    assert.deepEqual(config, {
      ...SECTION_DEFAULTS,
      listen: { host: '127.0.0.1', port: 7681 },
      stateDir: defaultStateDir(),
      users: [],
      sessions: [
        {
          name: 'main',
          socket: '/tmp/tmux.sock',
          target: 'main',
          create: false,
          access: {},
          record: false,
          history: true,
        },
      ],
    } satisfies GatewayConfig);
  });

  it('reads auth with its defaults; access maps may name groups and people from outside', () => {
    const config = parseConfig(
      stringify({
        auth: {
          local: false,
          oidc: { ...OIDC, issuer: 'http://127.0.0.1:9000/oidc', clientSecret: undefined },
          proxy: { ...PROXY, groupsHeader: 'X-Forwarded-Groups' },
        },
        sessions: [
          {
            name: 's',
            socket: '/s',
            target: 't',
            access: { carol: 'owner', 'group:sre': 'writer', 'group:org:leads': 'viewer' },
          },
        ],
      }).replace('clientId: tmuxgate', 'clientId: tmuxgate\n    clientSecretFile: /etc/secret'),
      'test.yaml',
    );
    assert.deepEqual(config.auth, {
      local: false,
      oidc: {
        issuer: 'http://127.0.0.1:9000/oidc',
        clientId: 'tmuxgate',
        clientSecretFile: '/etc/secret',
        scopes: ['openid', 'profile', 'email'],
        usernameClaim: 'preferred_username',
        groupsClaim: 'groups',
        displayName: '127.0.0.1:9000',
      },
      proxy: { ...PROXY, groupsHeader: 'X-Forwarded-Groups' },
    });
    assert.deepEqual(config.sessions[0]?.access, {
      carol: 'owner',
      'group:sre': 'writer',
      'group:org:leads': 'viewer',
    });
  });

  it('fills in the limits left out with their defaults', () => {
    const config = parseConfig(
      'sessions: [{ name: s, socket: /s, target: t }]\nlimits: { clientsPerSession: 20 }\n',
      'test.yaml',
    );
    assert.deepEqual(config.limits, { ...DEFAULT_LIMITS, clientsPerSession: 20 });
  });

  it('reads record per session and fills in the recording limits left out', () => {
    const config = parseConfig(
      'sessions: [{ name: s, socket: /s, target: t, record: true }]\n' +
        'recording: { retentionDays: 7 }\n',
      'test.yaml',
    );
    assert.equal(config.sessions[0]?.record, true);
    assert.deepEqual(config.recording, {
      maxFileBytes: 50 * 1024 * 1024,
      maxFileSeconds: 3600,
      retentionDays: 7,
    });
  });

  it('reads the operations settings; a metrics address turns metrics on unless disabled', () => {
    const config = parseConfig(
      'listen: { port: 8443, tls: { cert: /etc/tls/c.pem, key: /etc/tls/k.pem } }\n' +
        'trustProxy: [127.0.0.1, "10.0.0.0/8", "::1"]\n' +
        'metrics: { listen: { port: 9464 } }\nlog: { level: warn }\n' +
        'sessions: [{ name: s, socket: /s, target: t }]\n',
      'test.yaml',
    );
    assert.deepEqual(config.listen, {
      host: '127.0.0.1',
      port: 8443,
      tls: { cert: '/etc/tls/c.pem', key: '/etc/tls/k.pem' },
    });
    assert.deepEqual(config.trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
    assert.deepEqual(config.metrics, { enabled: true, listen: { host: '127.0.0.1', port: 9464 } });
    assert.deepEqual(config.log, { level: 'warn' });
    const off = parseConfig(
      'metrics: { enabled: false, listen: { port: 9464 } }\nsessions: [{ name: s, socket: /s, target: t }]\n',
      'test.yaml',
    );
    assert.equal(off.metrics?.enabled, false);
    const bare = parseConfig(
      'metrics: {}\nsessions: [{ name: s, socket: /s, target: t }]\n',
      'test.yaml',
    );
    assert.deepEqual(bare.metrics, { enabled: false }, 'metrics stay off unless asked for');
  });

  it('reads allowedHosts: names and addresses, IPv6 in brackets or not', () => {
    const config = parseConfig(
      'allowedHosts: [tmux.internal, Gateway.Example.COM, 10.0.0.5, "[fd00::1]", "::1"]\n' +
        'sessions: [{ name: s, socket: /s, target: t }]\n',
      'test.yaml',
    );
    assert.deepEqual(config.allowedHosts, [
      'tmux.internal',
      'Gateway.Example.COM',
      '10.0.0.5',
      '[fd00::1]',
      '::1',
    ]);
  });

  it('keeps a partial listen, and normalises publicUrl to its origin', () => {
    const config = parseConfig(
      'listen: { port: 0 }\npublicUrl: HTTPS://Tmux.Example.com:443/\n' +
        'sessions: [{ name: s, socket: /s, target: t }]\n',
      'test.yaml',
    );
    assert.deepEqual(config.listen, { host: '127.0.0.1', port: 0 });
    assert.equal(config.publicUrl, 'https://tmux.example.com');
  });

  for (const { name, config, problems } of BROKEN) {
    it(`refuses: ${name}`, () => {
      let text: string;
      if (typeof config === 'string') text = config;
      else {
        const raw = base();
        config(raw);
        text = stringify(raw);
      }
      assert.deepEqual(problemsOf(text), problems);
    });
  }

  it('says where, lists each problem on its own line, and never quotes the password field', () => {
    const raw = base();
    raw.users[0]!.passwordHash = 'hunter2';
    raw.listen.port = 'x';
    assert.throws(
      () => parseConfig(stringify(raw), '/etc/tmuxgate.yaml'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(
          error.message,
          '/etc/tmuxgate.yaml: invalid configuration\n' +
            '  listen.port: must be a whole number from 0 to 65535\n' +
            `  users.0.passwordHash: ${HASH_RULE}`,
        );
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
    assert.throws(
      () => parseConfig('users:\n  - passwordHash: "hunter2\n', 'x.yaml'),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('hunter2'),
    );
  });
});

describe('loadConfigFile', () => {
  it('reads a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tmuxgate-config-'));
    try {
      const path = join(dir, 'config.yaml');
      await writeFile(path, VALID);
      assert.deepEqual(await loadConfigFile(path), EXPECTED);
      await writeFile(path, 'sessions: []\n');
      await assert.rejects(loadConfigFile(path), {
        name: 'ConfigError',
        message: `${path}: invalid configuration\n  sessions: must list at least one session`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses TLS files that are missing, unreadable, not PEM or not a pair, naming each path', async () => {
    const certs = await certificateDir();
    try {
      const [one, two] = [await certs.make('one'), await certs.make('two')];
      const path = join(certs.dir, 'config.yaml');
      const problemsWith = async (cert: string, key: string) => {
        await writeFile(
          path,
          `listen: { tls: { cert: "${cert}", key: "${key}" } }\n` +
            'sessions: [{ name: s, socket: /s, target: t }]\n',
        );
        try {
          await loadConfigFile(path);
        } catch (error) {
          assert.ok(error instanceof ConfigError, String(error));
          assert.equal(error.source, path);
          return error.problems;
        }
        return [];
      };
      assert.deepEqual(await problemsWith(one.certPath, one.keyPath), []);
      const missing = join(certs.dir, 'missing.pem');
      assert.deepEqual(await problemsWith(missing, certs.dir), [
        `listen.tls.cert: cannot read ${missing}: no such file`,
        `listen.tls.key: cannot read ${certs.dir}: it is a directory`,
      ]);
      assert.deepEqual(await problemsWith(one.keyPath, one.certPath), [
        `listen.tls.cert: ${one.keyPath} is not a PEM certificate`,
        `listen.tls.key: ${one.certPath} is not an unencrypted PEM private key`,
      ]);
      assert.deepEqual(await problemsWith(one.certPath, two.keyPath), [
        `listen.tls.key: ${two.keyPath} is not the key of the certificate ${one.certPath}`,
      ]);
    } finally {
      await certs.cleanup();
    }
  });

  it('names the path of a missing file', async () => {
    await assert.rejects(loadConfigFile('/nonexistent/tmuxgate.yaml'), {
      message: 'cannot read configuration file /nonexistent/tmuxgate.yaml: no such file',
    });
  });
});
