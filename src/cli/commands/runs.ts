/**
 * `fishhook runs …`: one command per endpoint of contract §3. Each builds a request, sends
 * it signed, and prints the answer (`--json`: the body as fishhook sent it).
 */
import { firstInexactNumber } from "../../json/exact-numbers";
import type { CancelAnswer } from "../../schemas/cancel-answer";
import type { DeliveryAttempt } from "../../schemas/delivery-attempt";
import type { RunList } from "../../schemas/list-runs";
import type { RunView } from "../../schemas/run-view";
import { type ApiResponse, FishhookApi } from "../api-client";
import { type ParsedArgs, requireString } from "../args";
import { EXIT, usageError } from "../cli-error";
import { clientConfig } from "../config";
import { formatCancel, formatDeliveries, formatRun, formatRunList, statusText } from "../format";
import type { CliIo } from "../io";
import { followLive } from "../live/follow-live";
import { printJson, printLines } from "../output";
import { Progress } from "../progress";
import { PREFER_WAIT, waitForRun } from "../wait-for-run";
import type { Command } from "./command";

const api = (io: CliIo) => new FishhookApi(clientConfig(io.env), io);
const runPath = (args: ParsedArgs, suffix = "") =>
  `/v1/runs/${encodeURIComponent(onlyId(args))}${suffix}`;

export const runsCreate: Command = {
  help: "runs create",
  flags: {
    url: "string",
    goal: "string",
    webhook: "string",
    metadata: "string",
    "idempotency-key": "string",
    wait: "boolean",
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw usageError(`unexpected argument ${args.positionals[0]}`);
    const body: Record<string, unknown> = {
      url: requireString(args, "url"),
      goal: requireString(args, "goal"),
    };
    if (args.strings.webhook) body.webhook = { url: args.strings.webhook };
    if (args.strings.metadata !== undefined) body.metadata = metadataFlag(args.strings.metadata);
    const wait = args.booleans.has("wait");
    const headers: Record<string, string> = {};
    const key = args.strings["idempotency-key"];
    if (key !== undefined) headers["Idempotency-Key"] = key;
    if (wait) headers.Prefer = PREFER_WAIT;

    const client = api(io);
    // Started before the request: with --wait the create itself may be held up to 25 s.
    const progress = new Progress(io.stderr, io.now);
    if (!wait) {
      const answer = await client.send<RunView>("POST", "/v1/runs", { json: body, headers });
      noteReplay(answer.headers, io);
      if (args.booleans.has("json")) printJson(io.stdout, answer.body);
      else printLines(io.stdout, formatRun(answer.body));
      return EXIT.ok;
    }
    // The run's live stream, where fishhook offers it; else the run, held (Prefer: wait).
    headers.Accept = "text/event-stream, application/json;q=0.9";
    const opened = await client.open("POST", "/v1/runs", { json: body, headers });
    noteReplay(opened.headers, io);
    const location = opened.headers.get("Location") ?? "";
    const run = opened.headers.get("Content-Type")?.startsWith("text/event-stream")
      ? await followLive(client, io, progress, location.split("/").at(-1) ?? "", opened)
      : await waitForRun(client, await jsonAnswer<RunView>(opened), io, progress);
    if (args.booleans.has("json")) printJson(io.stdout, run);
    else printLines(io.stdout, formatRun(run));
    if (run.outcome === "succeeded") return EXIT.ok;
    io.stderr.write(`run ended ${statusText(run)}\n`);
    return EXIT.runUnsuccessful;
  },
};

export const runsGet: Command = {
  help: "runs get",
  flags: {},
  async run(args, io) {
    const answer = await api(io).send<RunView>("GET", runPath(args));
    if (args.booleans.has("json")) printJson(io.stdout, answer.body);
    else printLines(io.stdout, formatRun(answer.body));
    return EXIT.ok;
  },
};

export const runsCancel: Command = {
  help: "runs cancel",
  flags: {},
  async run(args, io) {
    const answer = await api(io).send<CancelAnswer>("POST", runPath(args, "/cancel"));
    if (args.booleans.has("json")) printJson(io.stdout, answer.body);
    else printLines(io.stdout, formatCancel(answer.body));
    return EXIT.ok;
  },
};

export const runsList: Command = {
  help: "runs list",
  flags: {
    status: "string",
    goal: "string",
    "delivery-state": "string",
    limit: "string",
    cursor: "string",
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw usageError(`unexpected argument ${args.positionals[0]}`);
    const query = new URLSearchParams();
    for (const [flag, parameter] of [
      ["status", "status"],
      ["goal", "goal"],
      ["delivery-state", "delivery_state"],
      ["limit", "limit"],
      ["cursor", "cursor"],
    ] as const) {
      const value = args.strings[flag];
      if (value !== undefined) query.set(parameter, value);
    }
    const search = query.toString();
    const answer = await api(io).send<RunList>("GET", search ? `/v1/runs?${search}` : "/v1/runs");
    if (args.booleans.has("json")) printJson(io.stdout, answer.body);
    else printLines(io.stdout, formatRunList(answer.body));
    return EXIT.ok;
  },
};

export const runsDeliveries: Command = {
  help: "runs deliveries",
  flags: {},
  async run(args, io) {
    const answer = await api(io).send<{ data: DeliveryAttempt[] }>(
      "GET",
      runPath(args, "/deliveries"),
    );
    if (args.booleans.has("json")) printJson(io.stdout, answer.body);
    else printLines(io.stdout, formatDeliveries(answer.body.data));
    return EXIT.ok;
  },
};

export const runsRedeliver: Command = {
  help: "runs redeliver",
  flags: {},
  async run(args, io) {
    const answer = await api(io).send<RunView>("POST", runPath(args, "/redeliver"));
    const run = answer.body;
    if (args.booleans.has("json")) printJson(io.stdout, run);
    else
      printLines(io.stdout, [
        `${run.id}  redelivering its result to ${run.webhook?.url ?? "its webhook"}`,
        `  follow it with: fishhook runs deliveries ${run.id}`,
      ]);
    return EXIT.ok;
  },
};

function noteReplay(headers: Headers, io: CliIo): void {
  if (headers.get("Idempotent-Replayed") === "true") {
    io.stderr.write("(idempotent replay: this key already started this run)\n");
  }
}

async function jsonAnswer<T>(response: Response): Promise<ApiResponse<T>> {
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

function onlyId(args: ParsedArgs): string {
  const [id, extra] = args.positionals;
  if (!id) throw usageError("a run id is required");
  if (extra !== undefined) throw usageError(`unexpected argument ${extra}`);
  return id;
}

function metadataFlag(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('--metadata must be a JSON object, e.g. \'{"order":"1234"}\'');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw usageError('--metadata must be a JSON object, e.g. \'{"order":"1234"}\'');
  }
  // Parsed here and sent again: a number JavaScript would round must not change silently.
  const inexact = firstInexactNumber(text);
  if (inexact !== null) {
    throw usageError(
      `--metadata: the number ${inexact} cannot be sent exactly; write it as a string`,
    );
  }
  return value as Record<string, unknown>;
}
