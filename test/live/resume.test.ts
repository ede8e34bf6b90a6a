/**
 * Resuming a run's stream (contract §8): from any event id — by Last-Event-ID, as an
 * EventSource reconnects, or by ?after= — the stream sends exactly the events after it:
 * nothing lost, nothing repeated.
 */
import { describe, expect, it } from "vitest";
import { bearerCall, createRun } from "../helpers/requests";
import { drive, StreamReader } from "../helpers/sse";
import { useWorld } from "../helpers/world";

const world = useWorld();

async function finishedRunWithItsEvents() {
  world.simulator.script({ durationMs: 12_000, steps: 6 });
  const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Resume me" });
  const whole = new StreamReader(await bearerCall(`/v1/runs/${run.id}/events`));
  await drive(world, run.id, [whole]);
  return { id: run.id, events: whole.runEvents() };
}

describe("resuming a stream", () => {
  it("from any event id, by Last-Event-ID or ?after=, sends exactly the events after it", async () => {
    const { id, events } = await finishedRunWithItsEvents();
    expect(events).toHaveLength(9); // STARTED, STREAMING_URL, 6 PROGRESS, COMPLETE
    for (const [index, event] of events.entries()) {
      if (event.type === "COMPLETE") continue;
      const rest = events.slice(index + 1);
      for (const how of ["header", "query"] as const) {
        const response =
          how === "header"
            ? await bearerCall(`/v1/runs/${id}/events`, {
                headers: { "Last-Event-ID": event.eventId! },
              })
            : await bearerCall(`/v1/runs/${id}/events?after=${event.eventId}`);
        expect(response.status).toBe(200);
        const resumed = new StreamReader(response);
        await resumed.closed;
        expect(resumed.frames[0]).toEqual({ retry: 2000 });
        expect(resumed.runEvents()).toEqual(rest);
      }
    }
  });

  it("takes Last-Event-ID over ?after= (an EventSource reconnecting keeps its URL)", async () => {
    const { id, events } = await finishedRunWithItsEvents();
    const response = await bearerCall(`/v1/runs/${id}/events?after=0`, {
      headers: { "Last-Event-ID": events[3]!.eventId! },
    });
    const resumed = new StreamReader(response);
    await resumed.closed;
    expect(resumed.runEvents()).toEqual(events.slice(4));
  });

  it("loses and repeats nothing when cut and resumed while the run is going", async () => {
    world.simulator.script({ durationMs: 30_000, steps: 10 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Cut me" });
    const received: { type: string; eventId?: string }[] = [];
    let lastId: string | undefined;
    // Cut the stream after every second event, as a dropped connection would.
    for (let round = 0; round < 30; round++) {
      const headers: Record<string, string> = lastId ? { "Last-Event-ID": lastId } : {};
      const response = await bearerCall(`/v1/runs/${run.id}/events`, { headers });
      if (response.status === 204) break;
      const stream = new StreamReader(response);
      const before = received.length;
      await drive(world, run.id, [stream], {
        done: () => stream.ended || stream.runEvents().length >= 2,
      });
      await stream.cancel();
      const got = stream.runEvents();
      received.push(...got);
      lastId = got.at(-1)?.eventId ?? lastId;
      if (received.at(-1)?.type === "COMPLETE") break;
      expect(received.length, `round ${round}: ${String(stream.error)}`).toBeGreaterThan(before);
    }
    const types = received.map((event) => event.type);
    expect(types[0]).toBe("STARTED");
    expect(types.at(-1)).toBe("COMPLETE");
    expect(types.filter((type) => type === "PROGRESS")).toHaveLength(10);
    const ids = received.map((event) => Number(event.eventId));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  }, 30_000);
});
