/**
 * TinyFish's recorded steps, for `GET /v1/runs/{id}?include=steps` (contract §4): the list
 * from the latest read, in memory (a read of a run being watched brings them every 2 s
 * anyway), and the final list kept for good once the run has ended.
 */
import type { RunStep } from "../upstream/tinyfish-schemas";

export class RunSteps {
  private latest: { steps: RunStep[]; at: number } | null = null;

  constructor(private readonly sql: SqlStorage) {
    this.createTable();
  }

  /** Idempotent; run again after the object's storage was wiped. */
  createTable(): void {
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS final_steps (id INTEGER PRIMARY KEY CHECK (id = 1), steps TEXT NOT NULL)",
    );
  }

  /** A read's steps; the list of a run that has ended is kept. */
  seen(steps: readonly RunStep[], at: number, final: boolean): void {
    this.latest = { steps: [...steps], at };
    if (final) {
      this.sql.exec(
        "INSERT INTO final_steps (id, steps) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
        JSON.stringify(steps),
      );
    }
  }

  /** The ended run's steps, once kept. */
  final(): RunStep[] | null {
    const row = this.sql
      .exec<{ steps: string }>("SELECT steps FROM final_steps WHERE id = 1")
      .toArray()[0];
    return row ? (JSON.parse(row.steps) as RunStep[]) : null;
  }

  /** The latest read's steps if that read began at or after `since`. */
  since(since: number): RunStep[] | null {
    return this.latest && this.latest.at >= since ? this.latest.steps : null;
  }
}
