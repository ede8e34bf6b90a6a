/**
 * The callers: one flow per planned run. It creates the run (retrying as a careful caller
 * would: after Retry-After on 503, with the same Idempotency-Key or the same signed request
 * after a dropped connection), sends identical creates at the same time and later, replays
 * signed requests byte for byte, and cancels some runs. Everything answered is kept for
 * the checks.
 */

import { sleep } from "../harness/sleep";
import type { Answer, Caller, Captured } from "./caller";
import { errorCode } from "./caller";
import type { RunPlan } from "./plan";
import { webhookUrl } from "./plan";
import type { Rng } from "./random";
import type { Relay } from "./relay";
import type { SimulatorProcess } from "./services";

export type CreateKind = "first" | "retry" | "duplicate" | "late";

export interface CreateAnswer {
  kind: CreateKind;
  /** When the answer came (ISO 8601). */
  at: string;
  status: number;
  code: string | null;
  id: string | null;
  replayed: boolean;
  /** Sent with the same bytes as an earlier signed request (a replay). */
  signedReplay: boolean;
}

export interface CancelAnswer {
  status: number;
  code: string | null;
  answer: { status: string; message: string | null } | null;
}

export interface Flow {
  plan: RunPlan;
  creates: CreateAnswer[];
  /** fishhook's run id, from the first 2xx. */
  id: string | null;
  /** TinyFish's run id as fishhook first answered it. */
  upstreamRunId: string | null;
  /** A create was answered with an error (5xx) or not at all: TinyFish may hold an orphan. */
  createErrored: boolean;
  /** The longest run of 409 idempotency_in_progress answers, in ms. */
  inProgressMs: number;
  cancels: CancelAnswer[];
  gaveUp: string | null;
}

/** How long a flow keeps retrying its create (the relay may be restarting). */
const CREATE_PATIENCE_MS = 180_000;
/** A signed request older than this is signed again rather than replayed (window 300 s). */
const REPLAY_WINDOW_S = 240;

export interface WorkloadDeps {
  caller: Caller;
  relay: Relay;
  simulator: SimulatorProcess;
  hookBase: string;
  rng: Rng;
}

export async function runFlow(plan: RunPlan, deps: WorkloadDeps): Promise<Flow> {
  const flow: Flow = {
    plan,
    creates: [],
    id: null,
    upstreamRunId: null,
    createErrored: false,
    inProgressMs: 0,
    cancels: [],
    gaveUp: null,
  };
  const url = webhookUrl(deps.hookBase, plan);
  const body = JSON.stringify({
    url: `https://shop.example/${plan.tag}`,
    goal: plan.goal,
    ...(url && plan.webhook ? { webhook: { url, events: plan.webhook.events } } : {}),
    metadata: { chaos_tag: plan.tag, index: plan.index },
  });
  const extra: Record<string, string> = plan.idempotencyKey
    ? { "Idempotency-Key": plan.idempotencyKey }
    : {};
  let request = await deps.caller.prepare(plan.client, plan.auth, "POST", "/v1/runs", body, extra);

  const duplicates = Array.from({ length: plan.concurrentDuplicates }, () =>
    sendCreate(flow, deps, request, "duplicate"),
  );
  const started = Date.now();
  let kind: CreateKind = "first";
  let inProgressSince: number | null = null;
  while (flow.id === null) {
    const answer = await sendCreate(flow, deps, request, kind);
    kind = "retry";
    if (answer.status === 409) {
      inProgressSince ??= Date.now();
      flow.inProgressMs = Math.max(flow.inProgressMs, Date.now() - inProgressSince);
    } else {
      inProgressSince = null;
    }
    if (answer.status === 202 || answer.status === 200) break;
    if (Date.now() - started > CREATE_PATIENCE_MS) {
      flow.gaveUp = `no run after ${CREATE_PATIENCE_MS / 1000} s (last answer ${answer.status} ${errorCode(answer) ?? answer.error ?? ""})`;
      break;
    }
    if (answer.status === 0) {
      await deps.relay.whenUp();
      await sleep(deps.rng.between(200, 1_500));
    } else if (answer.status === 409 || answer.status >= 500) {
      const retryAfter = Number(answer.headers.get("retry-after") ?? 1);
      await sleep(Math.min(3, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000);
    } else {
      flow.gaveUp = `create answered ${answer.status} ${errorCode(answer) ?? ""}`;
      break;
    }
    // A signed request is replayed as it was (that is what makes it idempotent), unless it
    // would soon fall out of fishhook's 300 s window.
    if (request.signedAt !== null && Date.now() / 1000 - request.signedAt > REPLAY_WINDOW_S) {
      request = await deps.caller.prepare(plan.client, plan.auth, "POST", "/v1/runs", body, extra);
    }
  }
  await Promise.all(duplicates);
  if (flow.id === null) return flow;

  const later: Array<Promise<unknown>> = [];
  if (plan.transient404 > 0 && flow.upstreamRunId) {
    await deps.simulator.injectFault({
      endpoint: "get-run",
      kind: "not_found",
      runId: flow.upstreamRunId,
      times: plan.transient404,
    });
  }
  if (plan.lateDuplicateMs !== null) {
    const captured = request;
    later.push(
      sleep(plan.lateDuplicateMs).then(async () => {
        await deps.relay.whenUp();
        await sendCreate(flow, deps, captured, "late");
      }),
    );
  }
  if (plan.cancelAfterMs !== null) {
    later.push(sleep(plan.cancelAfterMs).then(() => cancel(flow, deps)));
  }
  await Promise.all(later);
  return flow;
}

const sent = new WeakSet<Captured>();

async function sendCreate(
  flow: Flow,
  deps: WorkloadDeps,
  request: Captured,
  kind: CreateKind,
): Promise<Answer> {
  // The same signed bytes sent again, or alongside: a replay fishhook must recognise.
  const signedReplay =
    request.signedAt !== null && kind !== "first" && (sent.has(request) || kind === "duplicate");
  sent.add(request);
  const answer = await deps.caller.send(request);
  const run = answer.json as { id?: string; run_id?: string | null } | null;
  const ok = answer.status === 200 || answer.status === 202;
  flow.creates.push({
    kind,
    at: new Date().toISOString(),
    status: answer.status,
    code: errorCode(answer),
    id: ok ? (run?.id ?? null) : null,
    replayed: answer.headers.get("idempotent-replayed") === "true",
    signedReplay,
  });
  // (A late repeat comes after the run exists: it can only be replayed, never start one.)
  if ((answer.status === 0 || answer.status >= 500) && kind !== "late") flow.createErrored = true;
  if (ok && flow.id === null && run?.id) {
    flow.id = run.id;
    flow.upstreamRunId = run.run_id ?? null;
  }
  return answer;
}

async function cancel(flow: Flow, deps: WorkloadDeps): Promise<void> {
  const { plan } = flow;
  for (let attempt = 1; attempt <= 8; attempt++) {
    await deps.relay.whenUp();
    const answer = await deps.caller.call(
      plan.client,
      plan.auth,
      "POST",
      `/v1/runs/${flow.id}/cancel`,
    );
    const body = answer.json as { status?: string; message?: string | null } | null;
    flow.cancels.push({
      status: answer.status,
      code: errorCode(answer),
      answer:
        answer.status === 200 && body?.status
          ? { status: body.status, message: body.message ?? null }
          : null,
    });
    if (answer.status !== 0 && answer.status < 500) return;
    await sleep(deps.rng.between(500, 1_500));
  }
}
