import { describe, expect, it } from "vitest";
import { DueQueue } from "../../src/simulator/due-queue";

describe("DueQueue", () => {
  it("pops keys due by now, earliest first, ties in scheduling order", () => {
    const queue = new DueQueue();
    queue.set("c", 30);
    queue.set("a", 10);
    queue.set("b", 10);
    queue.set("d", 40);
    expect(queue.peek()).toBe(10);
    expect(queue.popDue(30)).toEqual(["a", "b", "c"]);
    expect(queue.peek()).toBe(40);
    expect(queue.popDue(39)).toEqual([]);
  });

  it("reschedules and deletes without leaving stale entries behind", () => {
    const queue = new DueQueue();
    queue.set("a", 100);
    queue.set("b", 50);
    queue.set("a", 10);
    queue.delete("b");
    expect(queue.peek()).toBe(10);
    expect(queue.popDue(1000)).toEqual(["a"]);
    expect(queue.peek()).toBeNull();
  });

  it("stays ordered with thousands of keys", () => {
    const queue = new DueQueue();
    const times = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000);
    for (const [i, at] of times.entries()) queue.set(`k${i}`, at);
    const popped = queue.popDue(10_000);
    expect(popped).toHaveLength(5000);
    const order = popped.map((key) => times[Number(key.slice(1))] ?? -1);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });
});
