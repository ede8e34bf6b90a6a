/**
 * Live status while `--wait` follows a run, on stderr so stdout stays the result: one
 * redrawn line on a terminal, otherwise a plain line whenever the status or step count
 * changes (logs and CI read those).
 */
import type { RunView } from "../schemas/run-view";
import { statusText } from "./format";
import type { OutputStream } from "./io";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR_LINE = "\r\x1b[2K";

export class Progress {
  private readonly startedAt: number;
  private frame = 0;
  private lastPlain = "";
  private drawn = false;

  constructor(
    private readonly out: OutputStream,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  update(run: RunView): void {
    const steps = run.num_of_steps === null ? "" : ` · ${plural(run.num_of_steps, "step")}`;
    const elapsed = Math.round((this.now() - this.startedAt) / 1000);
    if (this.out.isTTY) {
      const spinner = SPINNER[this.frame++ % SPINNER.length];
      this.out.write(`${CLEAR_LINE}${spinner} ${run.id}  ${statusText(run)}${steps} · ${elapsed}s`);
      this.drawn = true;
      return;
    }
    const line = `${run.id}  ${statusText(run)}${steps}`;
    if (line === this.lastPlain) return;
    this.lastPlain = line;
    this.out.write(`[${String(elapsed).padStart(4)}s] ${line}\n`);
  }

  note(message: string): void {
    this.clear();
    this.out.write(`${message}\n`);
  }

  /** Leaves the terminal line empty for what follows. */
  clear(): void {
    if (this.drawn) this.out.write(CLEAR_LINE);
    this.drawn = false;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
