/**
 * docs/n8n-workflow.json does what docs/n8n.md says: the request its HTTP node would send is
 * accepted by fishhook, with an idempotency key that is the same on the node's retries and
 * different for every execution, on every n8n; the webhook fishhook then sends carries the
 * token the Wait node checks; the last nodes find the result where they look, and a run that
 * did not succeed ends in Stop and Error, so the execution fails.
 */
import { describe, expect, it } from "vitest";
import workflow from "../../docs/n8n-workflow.json";
import { ACME } from "../fixtures/test-config";
import { BASE, bearerCall, call } from "../helpers/requests";
import { settle, useWorld } from "../helpers/world";

const world = useWorld();

interface Node {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  notes?: string;
  retryOnFail?: boolean;
  maxTries?: number;
}
type Scope = Record<string, unknown>;

const NODES = workflow.nodes as Node[];
const CONNECTIONS = workflow.connections as Record<string, { main: { node: string }[][] }>;

function node(type: string): Node {
  const matches = NODES.filter((candidate) => candidate.type === type);
  expect(matches, type).toHaveLength(1);
  return matches[0]!;
}
const named = (name: string): Node => NODES.find((candidate) => candidate.name === name)!;
const param = <T = string>(of: Node, name: string): T => of.parameters[name] as T;
/** The nodes each output of `name` leads to: [[first output's], [second output's], …]. */
const outputs = (name: string): string[][] =>
  (CONNECTIONS[name]?.main ?? []).map((output) => output.map((next) => next.node));

interface Assignment {
  name: string;
  value: string;
  type: string;
}
const assignments = (of: Node): Assignment[] =>
  param<{ assignments: Assignment[] }>(of, "assignments").assignments;

/**
 * n8n's `={{ … }}` templates, for the only expressions the workflow should hold: a path
 * into `$json`, `$execution` or `$workflow`, optionally inside `JSON.stringify(…)`, and
 * `$now.toMillis()`. Anything else fails, so an expression the test does not understand
 * cannot slip through.
 */
function evaluate(template: string, scope: Scope): unknown {
  if (!template.startsWith("=")) return template;
  const body = template.slice(1);
  // One template and nothing else keeps the value's type; several make a string.
  const whole = /^\{\{((?:(?!\{\{|\}\}).)+)\}\}$/.exec(body);
  if (whole) return expression(whole[1]!.trim(), scope);
  return body.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, source: string) => {
    const value = expression(source, scope);
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

function expression(source: string, scope: Scope): unknown {
  const stringify = /^JSON\.stringify\((.+)\)$/.exec(source);
  if (stringify) return JSON.stringify(expression(stringify[1]!, scope));
  // Luxon's DateTime, as n8n's `$now` is.
  if (source === "$now.toMillis()") return (scope.$now as { toMillis(): number }).toMillis();
  if (!/^\$(json|execution|workflow)(\.[A-Za-z_]\w*)+$/.test(source)) {
    throw new Error(`unexpected n8n expression: ${source}`);
  }
  return source.split(".").reduce<unknown>((value, key) => {
    expect(value, source).toBeTypeOf("object");
    return (value as Scope)[key];
  }, scope);
}

/** The If node (v2) for the only conditions it should hold: string equality, all of them. */
function ifBranch(of: Node, scope: Scope): "true" | "false" {
  const { conditions, combinator } = param<{
    combinator: string;
    conditions: {
      leftValue: string;
      rightValue: string;
      operator: { type: string; operation: string };
    }[];
  }>(of, "conditions");
  expect(combinator).toBe("and");
  const met = conditions.every((condition) => {
    expect(condition.operator).toEqual({ type: "string", operation: "equals" });
    return evaluate(condition.leftValue, scope) === evaluate(condition.rightValue, scope);
  });
  return met ? "true" : "false";
}

/** One n8n execution of the workflow up to the HTTP request, on one n8n instance. */
function execution(workflowId: string, executionId: string, at: number) {
  const settings = named("Run settings");
  const context = {
    $workflow: { id: workflowId },
    $execution: {
      id: executionId,
      resumeUrl: `https://receiver.test/webhook-waiting/${executionId}`,
    },
    $now: { toMillis: () => at },
  };
  // What the user fills in, with this test's fishhook and a token of its own.
  const values: Scope = Object.fromEntries(
    assignments(settings).map((each) => [each.name, evaluate(each.value, { ...context })]),
  );
  values.fishhook_url = BASE;
  values.resume_token = "token-5f0c3a9e1b7d4c2a8e6f";
  return { ...context, $json: values };
}

/** The request the HTTP node sends for `scope`, evaluated afresh as on each of n8n's tries. */
function httpRequest(scope: Scope): Request {
  const http = node("n8n-nodes-base.httpRequest");
  const headers: Record<string, string> = {
    Authorization: `Bearer ${ACME.api_keys[0]}`,
    "Content-Type": "application/json",
  };
  const extra = param<{ parameters: { name: string; value: string }[] }>(http, "headerParameters");
  for (const header of extra.parameters) {
    headers[header.name] = evaluate(header.value, scope) as string;
  }
  return new Request(evaluate(param(http, "url"), scope) as string, {
    method: param(http, "method"),
    headers,
    body: evaluate(param(http, "jsonBody"), scope) as string,
  });
}

/** What the Wait node outputs for fishhook's call ({ headers, params, query, body }). */
function resumed(runId: string) {
  const [hook] = world.receiver.byRun(runId);
  expect(hook).toBeDefined();
  return { headers: hook!.headers, params: {}, query: {}, body: hook!.json };
}

function readResult(waitOutput: Scope): Scope {
  return Object.fromEntries(
    assignments(named("Read the result")).map((each) => [
      each.name,
      evaluate(each.value, { $json: waitOutput }),
    ]),
  );
}

describe("docs/n8n-workflow.json", () => {
  it("chains Start → Run settings → HTTP → Wait → Read the result → Succeeded?, which fails the execution unless the run succeeded", () => {
    const order = [
      "Start",
      "Run settings",
      "Start TinyFish run",
      "Wait for the result",
      "Read the result",
      "Succeeded?",
    ];
    for (let i = 0; i < order.length - 1; i++) {
      expect(outputs(order[i]!)).toEqual([[order[i + 1]]]);
    }
    // The If node's first output is "true", its second "false".
    expect(outputs("Succeeded?")).toEqual([["Use the result"], ["Run did not succeed"]]);
    expect(node("n8n-nodes-base.manualTrigger").name).toBe("Start");
    expect(node("n8n-nodes-base.httpRequest").typeVersion).toBeGreaterThanOrEqual(4);
    expect(node("n8n-nodes-base.wait").typeVersion).toBe(1.1);
    expect(node("n8n-nodes-base.if").typeVersion).toBe(2.2);
    expect(node("n8n-nodes-base.stopAndError").name).toBe("Run did not succeed");
    expect(node("n8n-nodes-base.noOp").name).toBe("Use the result");
    const ids = NODES.map((each) => each.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("starts a run fishhook accepts, whose webhook carries the token the Wait node checks", async () => {
    const http = node("n8n-nodes-base.httpRequest");
    const wait = node("n8n-nodes-base.wait");

    // The HTTP node authenticates with a Header Auth credential: Authorization: Bearer <key>.
    expect(param(http, "authentication")).toBe("genericCredentialType");
    expect(param(http, "genericAuthType")).toBe("httpHeaderAuth");
    expect(Object.keys(http.credentials ?? {})).toEqual(["httpHeaderAuth"]);
    expect(param(http, "specifyBody")).toBe("json");
    expect(param<boolean>(http, "sendHeaders")).toBe(true);

    const scope = execution("wF3kQ9xT2mB7nC1d", "4711", 1_767_225_600_123);
    expect(Object.keys(scope.$json).sort()).toEqual([
      "fishhook_url",
      "goal",
      "idempotency_key",
      "resume_token",
      "url",
    ]);
    const request = httpRequest(scope);
    expect(request.url).toBe(`${BASE}/v1/runs`);
    expect(request.headers.get("Idempotency-Key")).toBe("wF3kQ9xT2mB7nC1d-4711-1767225600123");
    const body = JSON.parse(await request.clone().text());
    expect(body).toEqual({
      url: "https://example.com",
      goal: "Find the page title",
      webhook: {
        url: scope.$execution.resumeUrl,
        headers: { "X-Fishhook-Token": "token-5f0c3a9e1b7d4c2a8e6f" },
      },
      metadata: { n8n_workflow_id: "wF3kQ9xT2mB7nC1d", n8n_execution_id: "4711" },
    });

    world.simulator.script({ durationMs: 5_000, result: { title: "Example Domain" } });
    const response = await call(request);
    expect(response.status).toBe(202);
    const run = (await response.json()) as { id: string };

    // The Wait node resumes on a POST that passes its Header Auth: X-Fishhook-Token.
    expect(param(wait, "resume")).toBe("webhook");
    expect(param(wait, "httpMethod")).toBe("POST");
    expect(param(wait, "incomingAuthentication")).toBe("headerAuth");
    expect(Object.keys(wait.credentials ?? {})).toEqual(["httpHeaderAuth"]);
    const checked = /Header Auth: (\S+) = resume_token/.exec(wait.notes ?? "")?.[1];
    expect(Object.keys(body.webhook.headers)).toEqual([checked]);

    await settle(world, run.id);
    const [hook] = world.receiver.byRun(run.id);
    expect(hook?.url).toBe(scope.$execution.resumeUrl);
    expect(hook?.headers["x-fishhook-token"]).toBe("token-5f0c3a9e1b7d4c2a8e6f");

    const read = readResult(resumed(run.id));
    expect(read).toEqual({
      run_id: run.id,
      event: "run.completed",
      status: "COMPLETED",
      outcome: "succeeded",
      result: { title: "Example Domain" },
      error: null,
    });
    expect(ifBranch(named("Succeeded?"), { $json: read })).toBe("true");
  });

  it("keeps its idempotency key on the HTTP node's own retries, and never reuses it across executions or n8n instances", async () => {
    const http = node("n8n-nodes-base.httpRequest");
    // n8n retries the node itself; the key comes from Run settings, which does not run again.
    expect(http.retryOnFail).toBe(true);
    expect(http.maxTries).toBeGreaterThan(1);
    expect(param<{ parameters: { value: string }[] }>(http, "headerParameters").parameters).toEqual(
      [{ name: "Idempotency-Key", value: "={{ $json.idempotency_key }}" }],
    );

    const first = execution("wF3kQ9xT2mB7nC1d", "12", 1_767_225_600_000);
    const started = await call(httpRequest(first));
    expect(started.status).toBe(202);
    const run = (await started.json()) as { id: string };

    // A retry of the node (a lost answer, a 503): the same run, nothing started upstream.
    const upstreamRuns = world.simulator.runs().length;
    const retried = await call(httpRequest(first));
    expect(retried.status).toBe(200);
    expect(retried.headers.get("Idempotent-Replayed")).toBe("true");
    expect(((await retried.json()) as { id: string }).id).toBe(run.id);
    expect(world.simulator.runs()).toHaveLength(upstreamRuns);

    // The same workflow imported elsewhere, or n8n's database rebuilt: execution ids start
    // again, so the same workflow id and execution id come back — a new run, not a 422.
    const elsewhere = execution("wF3kQ9xT2mB7nC1d", "12", 1_767_225_661_000);
    expect(elsewhere.$json.idempotency_key).not.toBe(first.$json.idempotency_key);
    const again = await call(httpRequest(elsewhere));
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).not.toBe(run.id);
    expect(String(first.$json.idempotency_key).length).toBeLessThanOrEqual(255);
  });

  it("ends a run that did not succeed in Stop and Error, naming the run and its outcome", async () => {
    const scope = execution("wF3kQ9xT2mB7nC1d", "4712", 1_767_225_700_000);
    world.simulator.script({ outcome: "goal_failed", reason: "No price on the page" });
    const response = await call(httpRequest(scope));
    expect(response.status).toBe(202);
    const run = (await response.json()) as { id: string };
    await settle(world, run.id);

    const read = readResult(resumed(run.id));
    expect(read).toMatchObject({ status: "COMPLETED", outcome: "goal_failed" });
    expect(ifBranch(named("Succeeded?"), { $json: read })).toBe("false");
    const stop = named("Run did not succeed");
    expect(evaluate(param(stop, "errorMessage"), { $json: read })).toBe(
      `TinyFish run ${run.id} did not succeed: COMPLETED / goal_failed`,
    );
  });

  it("a Wait node that refuses the token shows as 403s in the run's deliveries, retried until it accepts", async () => {
    const scope = execution("wF3kQ9xT2mB7nC1d", "4713", 1_767_225_800_000);
    world.simulator.script({ durationMs: 1_000 });
    world.receiver.answerWith({ status: 403, body: "Authorization data is wrong!" });
    const response = await call(httpRequest(scope));
    const run = (await response.json()) as { id: string };
    await settle(world, run.id);

    const deliveries = await bearerCall(`/v1/runs/${run.id}/deliveries`);
    const { data } = (await deliveries.json()) as {
      data: { status_code: number | null; response_body: string | null }[];
    };
    expect(data.map((attempt) => [attempt.status_code, attempt.response_body])).toEqual([
      [403, "Authorization data is wrong!"],
      [204, null],
    ]);
  });

  it("docs/n8n.md documents the same names, the settings n8n needs and the troubleshooting", async () => {
    const doc = (await import("../../docs/n8n.md?raw")).default;
    for (const text of [
      "X-Fishhook-Token",
      "fishhook API key",
      "fishhook resume token",
      "$json.body.data.result",
      "idempotency_key",
      "{{ $workflow.id }}-{{ $execution.id }}-{{ $now.toMillis() }}",
      "Succeeded?",
      "Run did not succeed",
      "NODE_FUNCTION_ALLOW_BUILTIN=crypto",
      "GET /v1/runs/{id}/deliveries",
      "npx fishhook runs deliveries",
      "Authorization data is wrong!",
    ]) {
      expect(doc, text).toContain(text);
    }
    // n8n 1.123 does not sign a Wait node's resume URL; the doc must not say it does.
    expect(doc).not.toMatch(/n8n[^.]*\bsigns? (it|the resume URL)/i);
  });
});
