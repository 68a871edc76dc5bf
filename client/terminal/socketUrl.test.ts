// Unit tests for terminalSocketUrl: scheme follows the page, the name is encoded, fit is optional.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSocketUrl } from './socketUrl.js';

const page = (protocol: string, host: string): Location =>
  ({ protocol, host }) as unknown as Location;

describe('terminalSocketUrl', () => {
  it('uses ws: on an http page and wss: on an https page, on the page host', () => {
    assert.equal(
      terminalSocketUrl(page('http:', '127.0.0.1:7681'), 'main', 80, 24),
      'ws://127.0.0.1:7681/api/sessions/main/ws?cols=80&rows=24',
    );
    assert.equal(
      terminalSocketUrl(page('https:', 'gate.example'), 'main', 80, 24),
      'wss://gate.example/api/sessions/main/ws?cols=80&rows=24',
    );
  });

  it('encodes the session name and asks to follow the window only when told', () => {
    assert.equal(
      terminalSocketUrl(page('http:', 'h'), 'a b/c', 100, 30, true),
      'ws://h/api/sessions/a%20b%2Fc/ws?cols=100&rows=30&fit=1',
    );
  });
});
