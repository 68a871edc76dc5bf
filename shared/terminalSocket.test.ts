// Unit tests for the terminal WebSocket URL: what the page builds, the gateway parses back.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_COLS, MIN_ROWS } from './protocol.js';
import {
  DEFAULT_COLS,
  DEFAULT_ROWS,
  parseTerminalSocketTarget,
  terminalSocketPath,
  type TerminalSocketTarget,
} from './terminalSocket.js';

/** Splits a path as the gateway does (http/requestTarget.ts), without Node or DOM types here. */
function parse(path: string): TerminalSocketTarget | undefined {
  const [pathname = '', query = ''] = path.split('?');
  const params = new Map(
    query
      .split('&')
      .filter(Boolean)
      .map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]),
  );
  return parseTerminalSocketTarget(pathname, { get: (name) => params.get(name) ?? null });
}

describe('terminal WebSocket URL', () => {
  it('parses back what it builds', () => {
    for (const target of [
      { session: 'main', cols: 80, rows: 24, fit: false },
      { session: 'a b/c%d', cols: 120, rows: 40, fit: true },
      { session: 'incident_2-x', cols: 2, rows: 1, fit: false },
    ]) {
      assert.deepEqual(parse(terminalSocketPath(target)), target);
    }
  });

  it('builds the path and query the gateway documents', () => {
    assert.equal(
      terminalSocketPath({ session: 'main', cols: 100, rows: 30, fit: true }),
      '/api/sessions/main/ws?cols=100&rows=30&fit=1',
    );
  });

  it('is not a terminal socket outside /api/sessions/<name>/ws', () => {
    for (const path of ['/api/sessions/main', '/api/sessions//ws', '/api/sessions/a/b/ws', '/ws']) {
      assert.equal(parse(path), undefined, path);
    }
  });

  it('opens at the default size when the size is missing or not a number, clamped otherwise', () => {
    assert.deepEqual(parse('/api/sessions/main/ws'), {
      session: 'main',
      cols: DEFAULT_COLS,
      rows: DEFAULT_ROWS,
      fit: false,
    });
    assert.deepEqual(parse('/api/sessions/main/ws?cols=abc&rows=-5&fit=yes'), {
      session: 'main',
      cols: DEFAULT_COLS,
      rows: MIN_ROWS,
      fit: false,
    });
    assert.equal(parse('/api/sessions/main/ws?cols=1000000000')?.cols, MAX_COLS);
  });

  it('gives a name no session has for a badly encoded one (refused as unknown)', () => {
    assert.equal(
      parseTerminalSocketTarget('/api/sessions/%E0%A4%A/ws', { get: () => null })?.session,
      '',
    );
  });
});
