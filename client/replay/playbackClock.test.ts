import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PlaybackClock } from './playbackClock.js';

function clock(duration = 10) {
  const wall = { ms: 1000 };
  return { wall, clock: new PlaybackClock(duration, () => wall.ms) };
}

describe('PlaybackClock', () => {
  it('stands still until played, and while paused', () => {
    const { wall, clock: c } = clock();
    wall.ms += 5000;
    assert.equal(c.position(), 0);
    c.play();
    wall.ms += 1500;
    assert.equal(c.position(), 1.5);
    c.pause();
    wall.ms += 5000;
    assert.equal(c.position(), 1.5);
    assert.equal(c.playing, false);
  });

  it('runs at the chosen speed from the moment it is chosen', () => {
    const { wall, clock: c } = clock();
    c.play();
    wall.ms += 1000;
    c.setSpeed(4);
    wall.ms += 1000;
    assert.equal(c.position(), 5);
    c.setSpeed(0.5);
    wall.ms += 2000;
    assert.equal(c.position(), 6);
  });

  it('seeks within the recording, playing or not, and stops at the end', () => {
    const { wall, clock: c } = clock();
    c.seek(7);
    assert.equal(c.position(), 7);
    c.seek(-3);
    assert.equal(c.position(), 0);
    c.seek(99);
    assert.equal(c.position(), 10);
    assert.equal(c.ended, true);
    c.play(); // from the start again
    assert.equal(c.position(), 0);
    c.seek(9);
    wall.ms += 5000;
    assert.equal(c.position(), 10);
  });
});
