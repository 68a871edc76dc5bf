import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, resolveLogLevel } from './log.js';

function capture(level: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  return { log: createLogger(level, (line) => lines.push(line)), lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line: level, ISO time, event, then the fields', () => {
    const { log, lines } = capture('info');
    log.info('client_closed', {
      user: 'alice',
      session: 'main',
      client: 'c1',
      pid: 42,
      code: 4003,
    });
    assert.equal(lines.length, 1);
    assert.ok(lines[0]?.endsWith('\n'));
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(record), [
      'level',
      'time',
      'event',
      'user',
      'session',
      'client',
      'pid',
      'code',
    ]);
    assert.equal(record.level, 'info');
    assert.match(String(record.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(record.event, 'client_closed');
    assert.equal(record.pid, 42, 'pid is the field given, not the process id');
  });

  it('drops lines below its level', () => {
    const { log, lines } = capture('warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as { level: string; event: string }).level),
      ['warn', 'error'],
    );
  });

  it('never writes a value of a field named like a secret', () => {
    const { log, lines } = capture('debug');
    log.info('careless', {
      password: 'hunter2',
      passwordHash: 'scrypt$hunter2',
      token: 'tok-hunter2',
      cookie: 'tmuxgate_login=hunter2',
      authorization: 'Bearer hunter2',
      clientSecret: 'hunter2',
      'set-cookie': 'hunter2',
      user: 'alice',
    });
    assert.doesNotMatch(lines.join(''), /hunter2/);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(record.password, '[redacted]');
    assert.equal(record.user, 'alice');
  });
});

describe('resolveLogLevel', () => {
  it('takes TMUXGATE_LOG_LEVEL over the configured level, and refuses unknown values', () => {
    assert.equal(resolveLogLevel(undefined, 'warn'), 'warn');
    assert.equal(resolveLogLevel('', 'warn'), 'warn');
    assert.equal(resolveLogLevel('debug', 'warn'), 'debug');
    assert.throws(() => resolveLogLevel('verbose', 'info'), {
      message: 'TMUXGATE_LOG_LEVEL must be debug, info, warn or error, not "verbose"',
    });
  });
});
