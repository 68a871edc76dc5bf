// The embedded default and the command-line overrides go through the parser like a file.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_AUDIT,
  DEFAULT_LIMITS,
  DEFAULT_HISTORY,
  DEFAULT_RECORDING,
  resolveConfig,
  type GatewayConfig,
} from './gatewayConfig.js';
import {
  COMMAND_LINE,
  ConfigError,
  EMBEDDED_DEFAULT,
  overrideProblems,
  parseConfig,
  parseConfigObject,
  parseEmbeddedDefault,
} from './parse.js';

const SESSIONS = 'sessions: [{ name: s, socket: /s, target: t }]\n';

/** The problems a ConfigError carries, and where it says they are. */
function refusal(run: () => unknown): { source: string; problems: readonly string[] } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return { source: error.source, problems: error.problems };
  }
  assert.fail('expected a ConfigError');
}

describe('the embedded default', () => {
  it('parses to the complete configuration serve runs without a file', () => {
    assert.deepEqual(parseEmbeddedDefault('/var/lib/tg'), {
      listen: { host: '127.0.0.1', port: 7681 },
      allowedHosts: [],
      stateDir: '/var/lib/tg',
      users: [],
      sessions: [
        {
          name: 'main',
          socket: '/var/lib/tg/tmux.sock',
          target: 'main',
          create: true,
          record: false,
          history: true,
          access: {},
        },
      ],
      recording: DEFAULT_RECORDING,
      history: DEFAULT_HISTORY,
      audit: DEFAULT_AUDIT,
      limits: DEFAULT_LIMITS,
      auth: { local: true },
      trustProxy: [],
      metrics: { enabled: false },
      log: { level: 'info' },
    } satisfies GatewayConfig);
  });

  it('is validated: a relative state directory is refused like in a file', () => {
    assert.deepEqual(
      refusal(() => parseEmbeddedDefault('relative/state')),
      {
        source: EMBEDDED_DEFAULT,
        problems: [
          'stateDir: must be an absolute path',
          'sessions.0.socket: must be an absolute path',
        ],
      },
    );
  });

  it('takes --host and --port in place of its listen address', () => {
    const config = parseEmbeddedDefault('/var/lib/tg', { host: '0.0.0.0', port: '8080' });
    assert.deepEqual(config.listen, { host: '0.0.0.0', port: 8080 });
  });

  it('refuses a broken override, naming the option', () => {
    assert.deepEqual(
      refusal(() => parseEmbeddedDefault('/var/lib/tg', { host: 'a b', port: 'abc' })),
      {
        source: COMMAND_LINE,
        problems: [
          '--host "a b": must be a host name or an IP address',
          '--port "abc": must be a whole number from 0 to 65535',
        ],
      },
    );
  });
});

describe('command-line overrides', () => {
  for (const [overrides, problems] of [
    [{ port: 'abc' }, ['--port "abc": must be a whole number from 0 to 65535']],
    [{ port: '70000' }, ['--port "70000": must be a whole number from 0 to 65535']],
    [{ port: '-1' }, ['--port "-1": must be a whole number from 0 to 65535']],
    [{ port: '1.5' }, ['--port "1.5": must be a whole number from 0 to 65535']],
    [{ port: '' }, ['--port "": must be a whole number from 0 to 65535']],
    [{ host: 'not a host' }, ['--host "not a host": must be a host name or an IP address']],
    [{ host: 'http://x' }, ['--host "http://x": must be a host name or an IP address']],
    [{ host: '::1', port: '0' }, []],
    [{ host: 'gateway.example.com', port: '65535' }, []],
    [{}, []],
  ] as const) {
    it(`${JSON.stringify(overrides)}: ${problems.length === 0 ? 'accepted' : 'refused'}`, () => {
      assert.deepEqual(overrideProblems(overrides), problems);
    });
  }

  it('replace the file’s listen address, and are refused before the file is read', () => {
    const text = `listen: { host: 127.0.0.1, port: 7681 }\n${SESSIONS}`;
    assert.deepEqual(parseConfig(text, 'f.yaml', { host: '::', port: '0' }).listen, {
      host: '::',
      port: 0,
    });
    assert.deepEqual(
      refusal(() => parseConfig('sessions: []\n', 'f.yaml', { port: '70000' })),
      {
        source: COMMAND_LINE,
        problems: ['--port "70000": must be a whole number from 0 to 65535'],
      },
    );
  });

  it('do not hide a broken value in the file they replace', () => {
    assert.deepEqual(
      refusal(() => parseConfig(`listen: { port: -1 }\n${SESSIONS}`, 'f.yaml', { port: '0' })),
      { source: 'f.yaml', problems: ['listen.port: must be a whole number from 0 to 65535'] },
    );
  });

  it('count in the rules across settings: a metrics port equal to --port is refused', () => {
    const text = `metrics: { listen: { port: 9464 } }\n${SESSIONS}`;
    assert.deepEqual(
      refusal(() => parseConfig(text, 'f.yaml', { port: '9464' })),
      {
        source: 'f.yaml',
        problems: [
          'metrics.listen.port: must differ from listen.port (9464): the metrics listener needs its own port',
        ],
      },
    );
  });
});

describe('parseConfigObject and resolveConfig', () => {
  it('parses plain data like the same YAML text', () => {
    const raw = { listen: { port: 0 }, sessions: [{ name: 's', socket: '/s', target: 't' }] };
    assert.deepEqual(
      parseConfigObject(raw, 'data'),
      parseConfig(`listen: { port: 0 }\n${SESSIONS}`, 'text'),
    );
  });

  it('fills in what a config written in code leaves out with what the parser gives', () => {
    const parsed = parseConfig(SESSIONS, 'f.yaml');
    const { listen, stateDir, users, sessions } = parsed;
    assert.deepEqual(resolveConfig({ listen, stateDir, users, sessions }), parsed);
    assert.deepEqual(resolveConfig(parsed), parsed, 'a parsed config comes back as it was');
  });
});
