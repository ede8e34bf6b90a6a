/**
 * docs/n8n-workflow.json does what docs/n8n.md says: the request its HTTP node would send is
 * accepted by fishhook, the webhook fishhook then sends carries the token the Wait node
 * checks, and the last node finds the result where it looks.
 */
import { describe, expect, it } from "vitest";
import workflow from "../../docs/n8n-workflow.json";
import { ACME } from "../fixtures/test-config";
import { BASE, call } from "../helpers/requests";
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
}
type Scope = Record<string, unknown>;

const NODES = workflow.nodes as Node[];

function node(type: string): Node {
  const matches = NODES.filter((candidate) => candidate.type === type);
  expect(matches, type).toHaveLength(1);
  return matches[0]!;
}
const named = (name: string): Node => NODES.find((candidate) => candidate.name === name)!;
const param = <T = string>(of: Node, name: string): T => of.parameters[name] as T;

interface Assignment {
  name: string;
  value: string;
  type: string;
}
const assignments = (of: Node): Assignment[] =>
  param<{ assignments: Assignment[] }>(of, "assignments").assignments;

/**
 * n8n's `={{ … }}` templates, for the only expressions the workflow should hold: a path
 * into `$json` or `$execution`, optionally inside `JSON.stringify(…)`. Anything else fails,
 * so an expression the test does not understand cannot slip through.
 */
function evaluate(template: string, scope: Scope): unknown {
  if (!template.startsWith("=")) return template;
  const body = template.slice(1);
  const whole = /^\{\{\s*(.+?)\s*\}\}$/.exec(body);
  if (whole) return expression(whole[1]!, scope);
  return body.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, source: string) => {
    const value = expression(source, scope);
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

function expression(source: string, scope: Scope): unknown {
  const stringify = /^JSON\.stringify\((.+)\)$/.exec(source);
  if (stringify) return JSON.stringify(expression(stringify[1]!, scope));
  if (!/^\$(json|execution)(\.[A-Za-z_]\w*)+$/.test(source)) {
    throw new Error(`unexpected n8n expression: ${source}`);
  }
  return source.split(".").reduce<unknown>((value, key) => {
    expect(value, source).toBeTypeOf("object");
    return (value as Scope)[key];
  }, scope);
}

describe("docs/n8n-workflow.json", () => {
  it("chains Start → Run settings → Start TinyFish run → Wait → Read the result", () => {
    const order = [
      "Start",
      "Run settings",
      "Start TinyFish run",
      "Wait for the result",
      "Read the result",
    ];
    const connections = workflow.connections as Record<string, { main: { node: string }[][] }>;
    for (let i = 0; i < order.length - 1; i++) {
      expect(connections[order[i]!]?.main[0]?.map((next) => next.node)).toEqual([order[i + 1]]);
    }
    expect(node("n8n-nodes-base.manualTrigger").name).toBe("Start");
    expect(node("n8n-nodes-base.httpRequest").typeVersion).toBeGreaterThanOrEqual(4);
    expect(node("n8n-nodes-base.wait").typeVersion).toBe(1.1);
    const ids = NODES.map((each) => each.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("starts a run fishhook accepts, whose webhook carries the token the Wait node checks", async () => {
    const http = node("n8n-nodes-base.httpRequest");
    const wait = node("n8n-nodes-base.wait");
    const settings = named("Run settings");

    // The HTTP node authenticates with a Header Auth credential: Authorization: Bearer <key>.
    expect(param(http, "authentication")).toBe("genericCredentialType");
    expect(param(http, "genericAuthType")).toBe("httpHeaderAuth");
    expect(Object.keys(http.credentials ?? {})).toEqual(["httpHeaderAuth"]);
    expect(param(http, "specifyBody")).toBe("json");

    // What the user fills in, with this test's fishhook and a token of its own.
    const values: Scope = Object.fromEntries(
      assignments(settings).map((each) => [each.name, each.value]),
    );
    expect(Object.keys(values).sort()).toEqual(["fishhook_url", "goal", "resume_token", "url"]);
    values.fishhook_url = BASE;
    values.resume_token = "token-5f0c3a9e1b7d4c2a8e6f";
    // n8n's resume URL for this execution; receiver.test is the test world's receiver.
    const execution = {
      id: "4711",
      resumeUrl: "https://receiver.test/webhook-waiting/4711?signature=s1g",
    };
    const scope = { $json: values, $execution: execution };

    const url = evaluate(param(http, "url"), scope) as string;
    expect(url).toBe(`${BASE}/v1/runs`);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${ACME.api_keys[0]}`,
      "Content-Type": "application/json",
    };
    expect(param<boolean>(http, "sendHeaders")).toBe(true);
    const extra = param<{ parameters: { name: string; value: string }[] }>(
      http,
      "headerParameters",
    );
    for (const header of extra.parameters) {
      headers[header.name] = evaluate(header.value, scope) as string;
    }
    expect(headers["Idempotency-Key"]).toBe("n8n-4711");
    const body = JSON.parse(evaluate(param(http, "jsonBody"), scope) as string);
    expect(body).toEqual({
      url: "https://example.com",
      goal: "Find the page title",
      webhook: {
        url: execution.resumeUrl,
        headers: { "X-Fishhook-Token": "token-5f0c3a9e1b7d4c2a8e6f" },
      },
      metadata: { n8n_execution_id: "4711" },
    });

    world.simulator.script({ durationMs: 5_000, result: { title: "Example Domain" } });
    const response = await call(
      new Request(url, { method: param(http, "method"), headers, body: JSON.stringify(body) }),
    );
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
    expect(hook?.url).toBe(execution.resumeUrl);
    expect(hook?.headers["x-fishhook-token"]).toBe("token-5f0c3a9e1b7d4c2a8e6f");

    // What the Wait node outputs for the call ({ headers, params, query, body }), read by the last node.
    const resumed = {
      headers: hook!.headers,
      params: {},
      query: { signature: "s1g" },
      body: hook!.json,
    };
    const reader = named("Read the result");
    const read = Object.fromEntries(
      assignments(reader).map((each) => [each.name, evaluate(each.value, { $json: resumed })]),
    );
    expect(read).toEqual({
      run_id: run.id,
      event: "run.completed",
      status: "COMPLETED",
      outcome: "succeeded",
      result: { title: "Example Domain" },
      error: null,
    });
  });

  it("documents the same header and credential names in docs/n8n.md", async () => {
    const doc = (await import("../../docs/n8n.md?raw")).default;
    expect(doc).toContain("X-Fishhook-Token");
    expect(doc).toContain("fishhook API key");
    expect(doc).toContain("fishhook resume token");
    expect(doc).toContain("$json.body.data.result");
  });
});
