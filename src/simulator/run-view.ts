/**
 * The run object TinyFish answers for GET /v1/runs/{id}, derived from a simulated run and
 * the clock. Used by the API, the batch and list endpoints, callbacks and /_sim/runs.
 */
import type {
  RunError,
  RunStep,
  UpstreamCallback,
  UpstreamRun,
} from "../upstream/tinyfish-schemas";
import { isTerminal } from "../upstream/tinyfish-schemas";
import type { SimRun } from "./run-timeline";
import { endAt, hasStarted, startAt, statusAt, stepTimes } from "./run-timeline";
import type { RunScript } from "./scenario";

export interface ViewOptions {
  now: number;
  /** `omit` drops the field, as in TinyFish's callback body. */
  screenshots?: "url" | "base64" | "omit";
  html?: "url" | "none";
}

/** `.invalid` (RFC 2606): the URLs look real but can never resolve to anything. */
const ASSETS = "https://assets.sim.tinyfish.invalid";
const TINY_JPEG = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////2Q==";
/** What the simulated agent does at each step, in TinyFish's words; the first opens the URL. */
const ACTIONS = [
  "Click a link",
  "Scroll the page",
  "Type into a field",
  "Read the page",
  "Extract data",
];

function actionOf(run: SimRun, index: number): string {
  return index === 0
    ? `Navigate to ${run.request.url}`
    : (ACTIONS[(index - 1) % ACTIONS.length] ?? "Act");
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function viewRun(run: SimRun, options: ViewOptions): UpstreamRun {
  const { now } = options;
  const status = statusAt(run, now);
  const terminal = isTerminal(status);
  const started = hasStarted(run, now);
  const steps = viewSteps(run, options);
  const end = endAt(run);
  const proxy = run.request.proxy_config;
  return {
    run_id: run.id,
    status,
    goal: run.request.goal,
    created_at: iso(run.createdAt),
    started_at: started ? iso(startAt(run)) : null,
    finished_at: terminal && end !== null ? iso(end) : null,
    num_of_steps: terminal ? steps.length : null,
    result: status === "COMPLETED" ? resultOf(run) : null,
    error: status === "FAILED" ? errorOf(run.script) : null,
    streaming_url: started
      ? `https://tf-${run.id.slice(0, 8)}.sim.tinyfish.invalid/stream/0`
      : null,
    browser_config: {
      proxy_enabled: proxy?.enabled ?? false,
      proxy_country_code: proxy?.country_code ?? null,
    },
    video_url:
      terminal && started ? `${ASSETS}/videos/${run.id}.mp4?expires=${now + 3_600_000}` : null,
    steps,
  };
}

function viewSteps(run: SimRun, options: ViewOptions): RunStep[] {
  const times = stepTimes(run, options.now);
  const withHtml = run.request.capture_config?.html === true && options.html !== "none";
  return times.map((at, index) => {
    const n = index + 1;
    const step: RunStep = {
      id: `${run.id}-step-${n}`,
      timestamp: iso(at),
      status: "completed",
      action: actionOf(run, index),
      html: withHtml ? `${ASSETS}/html/${run.id}/${n}.html` : null,
      duration: at - (index === 0 ? startAt(run) : (times[index - 1] ?? at)),
    };
    if (options.screenshots === "base64") {
      step.screenshot = TINY_JPEG;
    } else if (options.screenshots !== "omit") {
      step.screenshot = `${ASSETS}/screenshots/${run.id}/${n}.jpg`;
    }
    return step;
  });
}

function resultOf(run: SimRun): unknown {
  if (run.script.outcome === "goal_failed") {
    return {
      status: "failure",
      reason: run.script.reason ?? "Could not find the requested data on the page",
    };
  }
  return run.script.result ?? { simulated: true, url: run.request.url, goal: run.request.goal };
}

const KNOWN_FAILURES: Record<string, Pick<RunError, "category" | "message">> = {
  TASK_FAILED: { category: "AGENT_FAILURE", message: "The agent could not complete the task" },
  SITE_BLOCKED: { category: "AGENT_FAILURE", message: "The site blocked the browser" },
  MAX_STEPS_EXCEEDED: { category: "AGENT_FAILURE", message: "The run reached its step limit" },
  TIMEOUT: { category: "SYSTEM_FAILURE", message: "The run timed out" },
  INSUFFICIENT_CREDITS: { category: "BILLING_FAILURE", message: "Not enough credits to run" },
};

function errorOf(script: RunScript): RunError {
  const code = script.error?.code ?? "TASK_FAILED";
  const known = KNOWN_FAILURES[code];
  const category = script.error?.category ?? known?.category ?? "UNKNOWN";
  return {
    code,
    message: script.error?.message ?? known?.message ?? `Simulated failure (${code})`,
    category,
    // TinyFish suggests a delay for its own failures only.
    retry_after: script.error?.retry_after ?? (category === "SYSTEM_FAILURE" ? 60 : null),
    help_url: "https://docs.tinyfish.ai/prompting-guide",
    help_message: "Need help? Check out our goal prompting guide for tips and examples.",
  };
}

const EVENTS = {
  COMPLETED: "run.completed",
  FAILED: "run.failed",
  CANCELLED: "run.cancelled",
} as const;

/** TinyFish's webhook body: the run object without screenshots; null while not terminal. */
export function callbackBody(run: SimRun, now: number): UpstreamCallback | null {
  const data = viewRun(run, { now, screenshots: "omit" });
  const status = data.status;
  if (status !== "COMPLETED" && status !== "FAILED" && status !== "CANCELLED") return null;
  return { event: EVENTS[status], run_id: run.id, status, data };
}
