/**
 * Live status while `--wait` follows a run, on stderr so stdout stays the result. On a
 * terminal: one status line — the run's status, its steps and the elapsed time — redrawn
 * every second, with each step printed above it as it happens. Otherwise plain lines: one
 * whenever the status or the step count changes, and one per step (logs and CI read those).
 */
import type { RunView } from "../schemas/run-view";
import { statusText } from "./format";
import type { OutputStream } from "./io";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR_LINE = "\r\x1b[2K";

export interface RunState {
  id: string;
  status: RunView["status"];
  outcome: RunView["outcome"];
  steps: number | null;
}

export class Progress {
  private readonly startedAt: number;
  private frame = 0;
  private lastPlain = "";
  private drawn = false;
  private state: RunState | null = null;

  constructor(
    private readonly out: OutputStream,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  get live(): boolean {
    return this.out.isTTY;
  }

  update(run: RunView): void {
    this.show({ id: run.id, status: run.status, outcome: run.outcome, steps: run.num_of_steps });
  }

  show(state: RunState): void {
    this.state = state;
    if (this.out.isTTY) {
      this.draw();
      return;
    }
    const line = `${state.id}  ${statusText(state)}${stepsText(state)}`;
    if (line === this.lastPlain) return;
    this.lastPlain = line;
    this.out.write(`[${String(this.elapsed()).padStart(4)}s] ${line}\n`);
  }

  /** A line of its own (a step, say), above the status line on a terminal. */
  line(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    if (this.out.isTTY && this.state) this.draw();
  }

  /** Once a second on a terminal: the elapsed time moves on. */
  tick(): void {
    if (this.out.isTTY && this.state) this.draw();
  }

  note(message: string): void {
    this.line(message);
  }

  /** Leaves the terminal line empty for what follows. */
  clear(): void {
    if (this.drawn) this.out.write(CLEAR_LINE);
    this.drawn = false;
  }

  private draw(): void {
    const state = this.state!;
    const spinner = SPINNER[this.frame++ % SPINNER.length];
    this.out.write(
      `${CLEAR_LINE}${spinner} ${state.id}  ${statusText(state)}${stepsText(state)} · ${this.elapsed()}s`,
    );
    this.drawn = true;
  }

  private elapsed(): number {
    return Math.round((this.now() - this.startedAt) / 1000);
  }
}

function stepsText(state: RunState): string {
  return state.steps === null ? "" : ` · ${state.steps} step${state.steps === 1 ? "" : "s"}`;
}
