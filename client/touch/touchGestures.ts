// Touch gestures on the live terminal of a viewer following the window: one finger pans the
// host (when the window is larger than the page), two fingers pinch, a double tap toggles the
// readable view and the whole window. The browser's own panning and zooming are off there
// (pan.css), so these handlers see every touch.

import { toDisposable, type Disposable } from '../../shared/lifecycle.js';
import './pan.css';

/** A finger that moves less than this (px) between down and up tapped, it did not drag. */
const TAP_SLOP_PX = 10;

/** A touch held longer than this (ms) is a press, not a tap. */
const TAP_MAX_MS = 300;

/** Two taps closer than this in time (ms) and distance (px) are a double tap (the usual values). */
const DOUBLE_TAP_MS = 350;
const DOUBLE_TAP_SLOP_PX = 30;

/** A pinch changing the fingers' distance by less than this ratio was a clumsy two-finger tap. */
const PINCH_MIN_CHANGE = 0.08;

export interface GestureActions {
  /** Whether a touch that started on `target` is one of ours (not on a dialog over the terminal). */
  accepts(target: EventTarget | null): boolean;
  /** The element that scrolls when a finger drags (the terminal's host). */
  readonly scroller: HTMLElement;
  /** Whether one finger pans: only when the content overhangs the scroller. */
  canPan(): boolean;
  /** The user panned: the view stops following the cursor for a while. */
  panned(): void;
  /** Two fingers moved apart (`scale` > 1) or together, and let go. */
  pinched(scale: number): void;
  doubleTapped(): void;
}

interface Point {
  x: number;
  y: number;
}

/** Listens on `target` (capture phase, before xterm.js) until disposed. */
export function bindTouchGestures(target: HTMLElement, actions: GestureActions): Disposable {
  let drag: { start: Point; left: number; top: number; at: number; moved: boolean } | undefined;
  let pinch: { distance: number; scale: number } | undefined;
  let lastTap: { at: number; point: Point } | undefined;
  const { scroller } = actions;

  const onStart = (event: TouchEvent): void => {
    if (!actions.accepts(event.target)) return;
    const [first, second] = points(event.touches);
    if (second !== undefined && first !== undefined) {
      drag = undefined;
      pinch = { distance: distance(first, second), scale: 1 };
      event.stopPropagation();
    } else if (first !== undefined && pinch === undefined) {
      drag = {
        start: first,
        left: scroller.scrollLeft,
        top: scroller.scrollTop,
        at: Date.now(),
        moved: false,
      };
    }
  };
  const onMove = (event: TouchEvent): void => {
    const [first, second] = points(event.touches);
    if (pinch !== undefined && first !== undefined && second !== undefined) {
      pinch.scale = distance(first, second) / pinch.distance;
      event.stopPropagation();
      return;
    }
    if (drag === undefined || first === undefined) return;
    const dx = first.x - drag.start.x;
    const dy = first.y - drag.start.y;
    if (Math.hypot(dx, dy) > TAP_SLOP_PX) drag.moved = true;
    if (!actions.canPan()) return;
    scroller.scrollLeft = drag.left - dx;
    scroller.scrollTop = drag.top - dy;
    if (drag.moved) actions.panned();
    event.stopPropagation();
  };
  const onEnd = (event: TouchEvent): void => {
    if (pinch !== undefined) {
      if (event.touches.length > 0) return;
      const { scale } = pinch;
      pinch = undefined;
      if (Math.abs(scale - 1) >= PINCH_MIN_CHANGE) actions.pinched(scale);
      return;
    }
    const ended = drag;
    drag = undefined;
    const [point] = points(event.changedTouches);
    const now = Date.now();
    if (ended === undefined || point === undefined || ended.moved || now - ended.at > TAP_MAX_MS)
      return;
    if (!isSecondTap(lastTap, now, point)) {
      lastTap = { at: now, point };
      return;
    }
    lastTap = undefined;
    // No click and no double-click after it: the double tap was ours.
    event.preventDefault();
    actions.doubleTapped();
  };
  const onCancel = (): void => {
    drag = undefined;
    pinch = undefined;
  };

  const options = { capture: true, passive: false };
  target.addEventListener('touchstart', onStart, options);
  target.addEventListener('touchmove', onMove, options);
  target.addEventListener('touchend', onEnd, options);
  target.addEventListener('touchcancel', onCancel, options);
  return toDisposable(() => {
    target.removeEventListener('touchstart', onStart, options);
    target.removeEventListener('touchmove', onMove, options);
    target.removeEventListener('touchend', onEnd, options);
    target.removeEventListener('touchcancel', onCancel, options);
  });
}

function points(touches: TouchList): Point[] {
  return Array.from(touches, (touch) => ({ x: touch.clientX, y: touch.clientY }));
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Whether a tap at `point` at `now` is the second of a double tap after `lastTap`. */
function isSecondTap(
  lastTap: { at: number; point: Point } | undefined,
  now: number,
  point: Point,
): boolean {
  return (
    lastTap !== undefined &&
    now - lastTap.at <= DOUBLE_TAP_MS &&
    distance(lastTap.point, point) <= DOUBLE_TAP_SLOP_PX
  );
}
