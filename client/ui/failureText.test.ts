// Unit tests for failureText: the page's words for a status, the gateway's message, unreachable.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api/http.js';
import { failureText, UNREACHABLE_TEXT } from './failureText.js';

const NOT_FOUND = new ApiError(404, 'not_found', 'no such link');
const CONFLICT = new ApiError(409, 'conflict', 'already there');

describe('failureText', () => {
  it("uses the page's words for a status it names", () => {
    assert.equal(failureText(NOT_FOUND, { 404: 'Gone.' }), 'Gone.');
  });

  it("falls back to the gateway's message for other statuses", () => {
    assert.equal(failureText(CONFLICT, { 404: 'Gone.' }), 'already there');
    assert.equal(failureText(CONFLICT), 'already there');
  });

  it('says the gateway could not be reached for anything that is not an ApiError', () => {
    assert.equal(failureText(new TypeError('Failed to fetch')), UNREACHABLE_TEXT);
    assert.equal(failureText('odd'), UNREACHABLE_TEXT);
  });

  it('hands anything that is not an ApiError to `other` when given', () => {
    const other = (failure: unknown) => `other: ${String(failure)}`;
    assert.equal(failureText('odd', {}, other), 'other: odd');
    assert.equal(failureText(NOT_FOUND, {}, other), 'no such link');
  });
});
