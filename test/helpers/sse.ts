/**
 * Reading a live stream in tests: its frames parsed as an EventSource would, collected as
 * they arrive, and a driver that moves the fake clock to whatever happens next (the run's
 * alarm, TinyFish's callback, the stream's own next check) until the stream ends.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { alarmAt, runStubFor, type World } from "./world";

export interface Frame {
  id?: string;
  data?: string;
  retry?: number;
}

export interface LiveEventJson {
  type: string;
  [field: string]: unknown;
}

export class StreamReader {
  readonly frames: Frame[] = [];
  ended = false;
  /** Why reading stopped early, if it did. */
  error: unknown = null;
  readonly closed: Promise<void>;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(readonly response: Response) {
    if (!response.body) throw new Error("the answer has no body");
    this.reader = response.body.getReader();
    this.closed = this.collect();
  }

  /** The events (frames with data), parsed. */
  events(): (LiveEventJson & { eventId?: string })[] {
    return this.frames
      .filter((frame) => frame.data !== undefined)
      .map((frame) => ({ ...(JSON.parse(frame.data!) as LiveEventJson), eventId: frame.id }));
  }

  /** The events other than heartbeats. */
  runEvents(): (LiveEventJson & { eventId?: string })[] {
    return this.events().filter((event) => event.type !== "HEARTBEAT");
  }

  /** The client goes away. */
  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
    await this.closed;
  }

  private async collect(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          this.frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      }
    } catch (error) {
      this.error = error;
      // A stream cut off (the client cancelled, the object went away): what came, came.
    } finally {
      this.ended = true;
    }
  }
}

export function parseFrame(text: string): Frame {
  const frame: Frame = {};
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") frame.id = value;
    else if (field === "data")
      frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    else if (field === "retry") frame.retry = Number(value);
  }
  return frame;
}

/** Lets the Worker's and the object's pending I/O settle (no time passes). */
export function settleIo(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Moves the clock to the next thing that happens — the run's alarm, TinyFish's callback,
 * or a stream's wake-up — once every stream is idle, until they have all ended (or `done()`,
 * or the clock would pass `until`).
 */
export async function drive(
  world: World,
  runId: string,
  streams: StreamReader[],
  options: { maxSteps?: number; until?: number; done?: () => boolean } = {},
): Promise<void> {
  const done = () => options.done?.() ?? streams.every((stream) => stream.ended);
  for (let step = 0; step < (options.maxSteps ?? 400) && !done(); step++) {
    const open = streams.filter((stream) => !stream.ended);
    await Promise.race([world.clock.sleeping(), ...open.map((stream) => stream.closed)]);
    await settleIo();
    if (done()) return;
    const candidates = [
      await alarmAt(runId),
      world.simulator.nextCallbackDueAt(),
      world.clock.nextWake(),
    ].filter((at): at is number => at !== null);
    if (candidates.length === 0) return;
    const next = Math.min(...candidates);
    if (options.until !== undefined && next > options.until) {
      world.clock.set(options.until);
      return;
    }
    world.clock.set(next);
    await world.simulator.dispatchDueCallbacks();
    const due = await alarmAt(runId);
    if (due !== null && due <= world.clock.now()) await runDurableObjectAlarm(runStubFor(runId));
    await settleIo();
  }
}
