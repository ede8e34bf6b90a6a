/**
 * `--help` for every command: what it does, its options, and the variables it reads. Every
 * two-column list is laid out by `columns`, so its descriptions line up however long the
 * longest name is.
 */

/** Rows of [name, description], the descriptions aligned two spaces past the longest name. */
export function columns(rows: readonly (readonly [string, string])[], indent = 2): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows
    .map(([name, text]) => `${" ".repeat(indent)}${name.padEnd(width)}  ${text}`.trimEnd())
    .join("\n");
}

const AUTH_ENV = `Environment:
${columns([
  ["FISHHOOK_URL", "fishhook's base URL, e.g. http://localhost:8787"],
  ["FISHHOOK_CLIENT", "your client id   } signed requests (preferred)"],
  ["FISHHOOK_SECRET", "a signing secret }"],
  ["FISHHOOK_API_KEY", "a Bearer API key (used when FISHHOOK_CLIENT/SECRET are unset)"],
])}`;

const COMMON_ROWS = [
  ["--json", "machine-readable output (JSON on stdout)"],
  ["-h, --help", "this help"],
] as const;

const options = (rows: readonly (readonly [string, string])[] = []) =>
  `Options:\n${columns([...rows, ...COMMON_ROWS])}`;

export const HELP = {
  main: `fishhook — a command line for the fishhook relay

Usage: fishhook <command> [options]

Commands:
${columns([
  ["runs create", "start a run (optionally follow it live until its result)"],
  ["runs get ID", "show a run"],
  ["runs watch ID", "print a run's events as they happen"],
  ["runs cancel ID", "cancel a run"],
  ["runs list", "list your runs"],
  ["runs deliveries ID", "show a run's webhook attempts"],
  ["runs redeliver ID", "send a finished run's result to its webhook again"],
  ["sign METHOD PATH [BODY]", "print the three signature headers for a request (for curl -H)"],
  ["listen", "a local webhook receiver that verifies and prints each event"],
])}

Run \`fishhook <command> --help\` for its options.
Exit codes: 0 ok, 1 fishhook or the network refused, 2 bad usage or configuration,
3 a run followed with --wait or watch ended without succeeding.

${AUTH_ENV}`,

  runs: `Usage: fishhook runs <create|get|watch|cancel|list|deliveries|redeliver> [options]

Run \`fishhook runs <subcommand> --help\` for its options.`,

  "runs create": `Usage: fishhook runs create --url URL --goal TEXT [options]

Starts a TinyFish run through fishhook (POST /v1/runs).

${options([
  ["--url URL", "the page the agent starts on (required)"],
  ["--goal TEXT", "what the agent should do (required)"],
  ["--webhook URL", "where fishhook POSTs the signed result"],
  ["--metadata JSON", `a JSON object echoed in every event, e.g. '{"order":"1234"}'`],
  ["--idempotency-key KEY", "the same key and body answer the same run, starting nothing new"],
  ["--wait", "follow the run live — each step as it happens, and on a terminal the"],
  ["", "status and elapsed time every second — then print its result"],
  ["", "(exit 3 when it ends without succeeding)"],
])}

${AUTH_ENV}`,

  "runs get": `Usage: fishhook runs get ID [--json]

Shows a run (GET /v1/runs/ID).

${options()}

${AUTH_ENV}`,

  "runs watch": `Usage: fishhook runs watch ID [--json]

Prints a run's events as they happen (GET /v1/runs/ID/events): its start, the link to
watch the browser live, each step, and its end. A dropped connection is resumed where it
was, missing and repeating nothing. With --json, each event's JSON on a line of its own.
Exit 0 when the run succeeded, 3 when it ended otherwise.

${options()}

${AUTH_ENV}`,

  "runs cancel": `Usage: fishhook runs cancel ID [--json]

Cancels a run (POST /v1/runs/ID/cancel). Cancelling a finished or cancelled run is safe:
the answer says so.

${options()}

${AUTH_ENV}`,

  "runs list": `Usage: fishhook runs list [options]

Lists your runs, newest first (GET /v1/runs).

${options([
  ["--status STATUS", "PENDING, RUNNING, COMPLETED, FAILED or CANCELLED"],
  ["--goal TEXT", "runs whose goal contains TEXT (case-insensitive)"],
  ["--delivery-state STATE", "none, pending, retrying, delivered or exhausted"],
  ["--limit N", "1-100 (default 20)"],
  ["--cursor CURSOR", "the next page, as printed after the previous one"],
])}

${AUTH_ENV}`,

  "runs deliveries": `Usage: fishhook runs deliveries ID [--json]

Shows every webhook attempt for a run, oldest first (GET /v1/runs/ID/deliveries).

${options()}

${AUTH_ENV}`,

  "runs redeliver": `Usage: fishhook runs redeliver ID [--json]

Sends a finished run's terminal event to its webhook again, as a new series of attempts
with the same webhook-id (POST /v1/runs/ID/redeliver).

${options()}

${AUTH_ENV}`,

  sign: `Usage: fishhook sign METHOD PATH [BODY]

Prints the three headers of a signed request, one "Name: value" per line:

  curl -s "$FISHHOOK_URL/v1/runs" -H "Content-Type: application/json" \\
    -H @<(fishhook sign POST /v1/runs "$BODY") -d "$BODY"

PATH is the path and query exactly as sent (a full URL also works); BODY is the exact
request body (omit it for GET). The timestamp is now: fishhook accepts it for 300 s.

${options()}

Environment:
${columns([
  ["FISHHOOK_CLIENT", "your client id"],
  ["FISHHOOK_SECRET", "a signing secret"],
])}`,

  listen: `Usage: fishhook listen [--port 4000] [--secret whsec_...] [--forward-to URL]

A local webhook receiver: verifies each fishhook webhook's Standard Webhooks signature,
prints the event, and answers 204 (or 400 for a bad signature). With --forward-to, a
verified event is passed on to URL with its headers and the answer is relayed back.

Point a run's webhook at it, e.g. --webhook http://127.0.0.1:4000/webhooks (fishhook
accepts http:// and loopback webhooks only with ALLOW_PRIVATE_WEBHOOKS="true", as under
\`npm start\`; for a deployed fishhook, expose the port with an https tunnel).

${options([
  ["--port N", "port on 127.0.0.1 (default 4000; 0 picks a free one)"],
  ["--secret SECRET", "your client's whsec_ webhook secret (or FISHHOOK_WEBHOOK_SECRET)"],
  ["--forward-to URL", "pass verified events on to your own endpoint"],
])}

Environment:
${columns([["FISHHOOK_WEBHOOK_SECRET", "the whsec_ secret, when --secret is not given"]])}`,
} as const;

export type HelpTopic = keyof typeof HELP;
