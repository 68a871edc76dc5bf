// The replay's clock: where playback is (in recording seconds), at what speed, playing or paused.
// Pure, with the wall clock injected, so it has unit tests.

/** The speeds the player offers. */
export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export class PlaybackClock {
  private base = 0;
  private since = 0;
  private running = false;
  private rate: Speed = 1;

  /** `duration` in seconds; `now` in milliseconds. */
  constructor(
    readonly duration: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get playing(): boolean {
    return this.running;
  }

  get speed(): Speed {
    return this.rate;
  }

  /** The current time in the recording, from 0 to duration. */
  position(): number {
    const moved = this.running ? ((this.now() - this.since) / 1000) * this.rate : 0;
    return Math.min(this.duration, this.base + moved);
  }

  get ended(): boolean {
    return this.position() >= this.duration;
  }

  /** Plays on from here; from the start when at the end. */
  play(): void {
    if (this.running) return;
    this.base = this.ended ? 0 : this.position();
    this.since = this.now();
    this.running = true;
  }

  pause(): void {
    if (!this.running) return;
    this.base = this.position();
    this.running = false;
  }

  seek(time: number): void {
    this.base = Math.max(0, Math.min(this.duration, time));
    this.since = this.now();
  }

  setSpeed(speed: Speed): void {
    this.base = this.position();
    this.since = this.now();
    this.rate = speed;
  }
}
