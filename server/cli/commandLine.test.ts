// Unit tests for parseCommandLine and ttlOption: parsed options, and each mistake as a UsageError.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, ttlOption } from './commandLine.js';
import { UsageError } from './usageError.js';

const OPTIONS = { ttl: { type: 'string', default: '8h' }, json: { type: 'boolean' } } as const;

describe('parseCommandLine', () => {
  it('returns the options and positionals parseArgs finds', () => {
    const { values, positionals } = parseCommandLine({
      args: ['--json', 'main'],
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
    });
    assert.deepEqual({ ...values }, { ttl: '8h', json: true });
    assert.deepEqual(positionals, ['main']);
  });

  it('throws an unknown option as a UsageError with parseArgs’s words', () => {
    assert.throws(
      () =>
        parseCommandLine({
          args: ['--nope'],
          options: OPTIONS,
          strict: true,
          allowPositionals: false,
        }),
      (error: unknown) => error instanceof UsageError && error.message.includes('--nope'),
    );
  });

  it('throws an unexpected positional as a UsageError', () => {
    assert.throws(
      () =>
        parseCommandLine({ args: ['extra'], options: {}, strict: true, allowPositionals: false }),
      UsageError,
    );
  });
});

describe('ttlOption', () => {
  it('gives the seconds of a duration', () => {
    assert.equal(ttlOption('90s'), 90);
    assert.equal(ttlOption('2h'), 7200);
  });

  it('throws a UsageError naming the value and the accepted forms', () => {
    assert.throws(
      () => ttlOption('soon'),
      new UsageError('--ttl must look like 90s, 15m, 2h or 7d, not "soon"'),
    );
  });
});
