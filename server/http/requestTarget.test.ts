import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestTarget } from './requestTarget.js';

describe('parseRequestTarget', () => {
  it('splits an origin-form target into its path and query', () => {
    const target = parseRequestTarget('/api/sessions/main/ws?cols=80&rows=24&fit=1');
    assert.equal(target?.pathname, '/api/sessions/main/ws');
    assert.equal(target?.query.get('cols'), '80');
    assert.equal(target?.query.get('fit'), '1');
    assert.equal(parseRequestTarget('/')?.pathname, '/');
    assert.equal(parseRequestTarget('/x?')?.query.toString(), '');
  });

  it('refuses what is not a path instead of throwing', () => {
    for (const raw of ['//', '//evil.example/api/sessions/main/ws', 'http://[::1', '*', '', '?a']) {
      assert.equal(parseRequestTarget(raw), undefined, raw);
    }
    assert.equal(parseRequestTarget(undefined), undefined);
  });

  it('keeps odd bytes as they are (the path pattern decides)', () => {
    assert.equal(
      parseRequestTarget('/api/sessions/%E0%A4%A/ws')?.pathname,
      '/api/sessions/%E0%A4%A/ws',
    );
    assert.equal(parseRequestTarget('/a?cols=%ZZ')?.query.get('cols'), '%ZZ');
  });
});
