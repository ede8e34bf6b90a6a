/**
 * A clock tests move by hand. It starts in 2100 so that alarms the Worker sets are far in
 * the real future and never fire on their own: tests run them with runDurableObjectAlarm.
 */
export const CLOCK_START = Date.UTC(2100, 0, 1);

export class FakeClock {
  constructor(private current = CLOCK_START) {}

  now = (): number => this.current;

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }

  set(ms: number): number {
    this.current = Math.max(this.current, ms);
    return this.current;
  }

  seconds(): number {
    return Math.floor(this.current / 1000);
  }
}
