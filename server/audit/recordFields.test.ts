import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AUDIT_FIELD_CHARS, auditLine, boundedField, boundedRecord } from './recordFields.js';

describe('audit record fields', () => {
  it('cuts fields a client chose to a fixed length, marked', () => {
    const long = 'u'.repeat(256);
    const cut = boundedField(long);
    assert.equal(cut.length, MAX_AUDIT_FIELD_CHARS);
    assert.ok(cut.endsWith('…'));
    assert.equal(boundedField('alice'), 'alice');
    assert.deepEqual(boundedRecord({ user: long, count: 3, approved: true }), {
      user: cut,
      count: 3,
      approved: true,
    });
  });

  it('keeps every record on one line, whatever the names hold', () => {
    const line = auditLine({ user: 'eve\u2028{"event":"login"}\u2029\n\r' });
    assert.equal(line.split(/[\n\r\u2028\u2029]/).length, 2, 'one line, then the newline');
    assert.deepEqual(JSON.parse(line), { user: 'eve\u2028{"event":"login"}\u2029\n\r' });
  });
});
