// Unit tests for qrShape: symbol size, quiet zone, finder patterns, and UTF-8 bytes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QUIET_ZONE, qrShape } from './qrPath.js';

/** A share URL as the gateway makes it: origin, /join/, 43 base64url characters. */
const SHARE_URL = 'https://gate.example.com:7681/join/' + 'A'.repeat(21) + '_' + 'z'.repeat(21);

describe('qrShape', () => {
  it('fits a share URL into a small symbol with a quiet zone around it', () => {
    const { size } = qrShape(SHARE_URL);
    const modules = size - 2 * QUIET_ZONE;
    // Versions are 21 + 4·(v−1) modules; a ~80-byte URL at level M needs version 5 or 6.
    assert.equal((modules - 21) % 4, 0);
    assert.ok(modules >= 37 && modules <= 41, `version too big: ${String(modules)} modules`);
  });

  it('starts with the top-left finder pattern, just inside the quiet zone', () => {
    const { path } = qrShape(SHARE_URL);
    const q = String(QUIET_ZONE);
    assert.ok(path.startsWith(`M${q} ${q}h7v1h-7z`), path.slice(0, 40));
    // Row 1 of a finder pattern: dark, five light, dark.
    assert.ok(path.includes(`M${q} ${String(QUIET_ZONE + 1)}h1v1h-1z`));
  });

  it('draws only closed rectangles inside the viewBox', () => {
    const { size, path } = qrShape(SHARE_URL);
    for (const match of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
      const [, x, y, w, back] = match.map(Number);
      assert.equal(w, back);
      assert.ok(x! >= QUIET_ZONE && x! + w! <= size - QUIET_ZONE);
      assert.ok(y! >= QUIET_ZONE && y! < size - QUIET_ZONE);
    }
    assert.equal(path.replace(/M\d+ \d+h\d+v1h-\d+z/g, ''), '');
  });

  it('encodes non-ASCII text as UTF-8 bytes, so it is longer than its characters', () => {
    const ascii = qrShape('a'.repeat(40)).size;
    const accented = qrShape('é'.repeat(40)).size;
    assert.ok(accented > ascii);
  });
});
