/**
 * Keys due at instants, earliest first: a binary min-heap with lazy deletion, so that
 * rescheduling (a cancel moves a callback earlier) and peeking stay O(log n) with 10,000 runs.
 */
interface Entry {
  at: number;
  key: string;
  version: number;
}

export class DueQueue {
  #heap: Entry[] = [];
  #versions = new Map<string, number>();
  #counter = 0;

  /** Schedules `key` at `at`, replacing any earlier schedule for it. */
  set(key: string, at: number): void {
    const version = ++this.#counter;
    this.#versions.set(key, version);
    this.#push({ at, key, version });
  }

  delete(key: string): void {
    this.#versions.delete(key);
  }

  /** The earliest instant anything is due, or null. */
  peek(): number | null {
    this.#dropStale();
    return this.#heap[0]?.at ?? null;
  }

  /** Removes and returns every key due at or before `now`, earliest first. */
  popDue(now: number): string[] {
    const due: string[] = [];
    for (let top = this.#top(); top && top.at <= now; top = this.#top()) {
      this.#pop();
      this.#versions.delete(top.key);
      due.push(top.key);
    }
    return due;
  }

  clear(): void {
    this.#heap = [];
    this.#versions.clear();
  }

  #top(): Entry | undefined {
    this.#dropStale();
    return this.#heap[0];
  }

  #dropStale(): void {
    for (
      let top = this.#heap[0];
      top && this.#versions.get(top.key) !== top.version;
      top = this.#heap[0]
    ) {
      this.#pop();
    }
  }

  // Ties keep scheduling order (versions only grow), so dispatch order is deterministic.
  #less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.version < b.version);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.#less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.#less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
