import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACK_CHUNK_BYTES,
  DEFAULT_FLOW_LIMITS,
  HIGH_WATERMARK_BYTES,
  LOW_WATERMARK_BYTES,
  OutputFlowControl,
} from './flowControl.js';

const limits = {
  highWatermark: 1000,
  lowWatermark: 100,
  socketHighWatermark: 5000,
  socketLowWatermark: 500,
};

describe('OutputFlowControl', () => {
  it('sends while under the high watermark and counts unacked bytes', () => {
    const flow = new OutputFlowControl(limits);
    assert.equal(flow.offer(400, 0), 'send');
    assert.equal(flow.offer(400, 0), 'send');
    assert.equal(flow.unacked, 800);
    assert.equal(flow.discarding, false);
  });

  it('discards once unacked output passes the high watermark, and counts what it drops', () => {
    const flow = new OutputFlowControl(limits);
    assert.equal(flow.offer(1200, 0), 'send');
    assert.equal(flow.offer(10, 0), 'discard');
    assert.equal(flow.offer(20, 0), 'discard');
    assert.equal(flow.discarding, true);
    assert.equal(flow.discarded, 30);
    assert.equal(flow.unacked, 1200, 'discarded bytes are never counted as in flight');
  });

  it('keeps discarding until acks bring it to the low watermark, then asks for one resync', () => {
    const flow = new OutputFlowControl(limits);
    flow.offer(1200, 0);
    flow.offer(10, 0);
    assert.equal(flow.ack(500, 0), 'none', '700 unacked is still above the low mark');
    assert.equal(flow.offer(10, 0), 'discard');
    assert.equal(flow.ack(600, 0), 'resync');
    assert.equal(flow.discarding, false);
    assert.equal(flow.resyncs, 1);
    assert.equal(flow.ack(100, 0), 'none', 'a resync is asked for once, not on every ack');
    assert.equal(flow.offer(10, 0), 'send');
  });

  it('clamps unacked at zero when a client acks more than it was sent', () => {
    const flow = new OutputFlowControl(limits);
    flow.offer(100, 0);
    flow.ack(1_000_000, 0);
    assert.equal(flow.unacked, 0);
    assert.equal(flow.offer(900, 0), 'send');
    assert.equal(flow.unacked, 900);
  });

  it('discards when the socket backs up even if acks keep up, and resumes when it drains', () => {
    const flow = new OutputFlowControl(limits);
    assert.equal(flow.offer(10, 6000), 'discard');
    assert.equal(flow.poll(4000), 'none', 'still above the socket low mark');
    assert.equal(flow.poll(400), 'resync');
    assert.equal(flow.offer(10, 400), 'send');
  });

  it('does not resync a client that never discarded', () => {
    const flow = new OutputFlowControl(limits);
    flow.offer(500, 0);
    assert.equal(flow.ack(500, 0), 'none');
    assert.equal(flow.poll(0), 'none');
    assert.equal(flow.resyncs, 0);
  });

  it('refuses inverted limits', () => {
    assert.throws(() => new OutputFlowControl({ ...limits, lowWatermark: 2000 }), /low watermark/);
    assert.throws(
      () => new OutputFlowControl({ ...limits, socketLowWatermark: 9000 }),
      /socket low/,
    );
  });

  it('has default constants that respect the ack-size rule', () => {
    assert.ok(ACK_CHUNK_BYTES <= LOW_WATERMARK_BYTES);
    assert.ok(LOW_WATERMARK_BYTES < HIGH_WATERMARK_BYTES);
    assert.doesNotThrow(() => new OutputFlowControl(DEFAULT_FLOW_LIMITS));
  });
});
