/** `--help` for every command: what it does, its options, and the variables it reads. */

const AUTH_ENV = `Environment:
  FISHHOOK_URL       fishhook's base URL, e.g. http://localhost:8787
  FISHHOOK_CLIENT    your client id        } signed requests (preferred)
  FISHHOOK_SECRET    a signing secret      }
  FISHHOOK_API_KEY   a Bearer API key (used when FISHHOOK_CLIENT/SECRET are unset)`;

const COMMON = `  --json             machine-readable output (JSON on stdout)
  -h, --help         this help`;

export const HELP = {
  main: `fishhook — a command line for the fishhook relay

Usage: fishhook <command> [options]

Commands:
  runs create        start a run (optionally wait for its result)
  runs get ID        show a run
  runs cancel ID     cancel a run
  runs list          list your runs
  runs deliveries ID show a run's webhook attempts
  runs redeliver ID  send a finished run's result to its webhook again
  sign METHOD PATH [BODY]
                     print the three signature headers for a request (for curl -H)
  listen             a local webhook receiver that verifies and prints each event

Run \`fishhook <command> --help\` for its options.
Exit codes: 0 ok, 1 fishhook or the network refused, 2 bad usage or configuration,
3 a run waited for with --wait ended without succeeding.

${AUTH_ENV}`,

  runs: `Usage: fishhook runs <create|get|cancel|list|deliveries|redeliver> [options]

Run \`fishhook runs <subcommand> --help\` for its options.`,

  "runs create": `Usage: fishhook runs create --url URL --goal TEXT [options]

Starts a TinyFish run through fishhook (POST /v1/runs).

Options:
  --url URL              the page the agent starts on (required)
  --goal TEXT            what the agent should do (required)
  --webhook URL          where fishhook POSTs the signed result
  --metadata JSON        a JSON object echoed in every event, e.g. '{"order":"1234"}'
  --idempotency-key KEY  the same key and body answer the same run, starting nothing new
  --wait                 show the run's status until it ends, then print its result
                         (exit 3 when it ends without succeeding)
${COMMON}

${AUTH_ENV}`,

  "runs get": `Usage: fishhook runs get ID [--json]

Shows a run (GET /v1/runs/ID).

Options:
${COMMON}

${AUTH_ENV}`,

  "runs cancel": `Usage: fishhook runs cancel ID [--json]

Cancels a run (POST /v1/runs/ID/cancel). Cancelling a finished or cancelled run is safe:
the answer says so.

Options:
${COMMON}

${AUTH_ENV}`,

  "runs list": `Usage: fishhook runs list [options]

Lists your runs, newest first (GET /v1/runs).

Options:
  --status STATUS          PENDING, RUNNING, COMPLETED, FAILED or CANCELLED
  --goal TEXT              runs whose goal contains TEXT (case-insensitive)
  --delivery-state STATE   none, pending, retrying, delivered or exhausted
  --limit N                1-100 (default 20)
  --cursor CURSOR          the next page, as printed after the previous one
${COMMON}

${AUTH_ENV}`,

  "runs deliveries": `Usage: fishhook runs deliveries ID [--json]

Shows every webhook attempt for a run, oldest first (GET /v1/runs/ID/deliveries).

Options:
${COMMON}

${AUTH_ENV}`,

  "runs redeliver": `Usage: fishhook runs redeliver ID [--json]

Sends a finished run's terminal event to its webhook again, as a new series of attempts
with the same webhook-id (POST /v1/runs/ID/redeliver).

Options:
${COMMON}

${AUTH_ENV}`,

  sign: `Usage: fishhook sign METHOD PATH [BODY]

Prints the three headers of a signed request, one "Name: value" per line:

  curl -s "$FISHHOOK_URL/v1/runs" -H "Content-Type: application/json" \\
    -H @<(fishhook sign POST /v1/runs "$BODY") -d "$BODY"

PATH is the path and query exactly as sent (a full URL also works); BODY is the exact
request body (omit it for GET). The timestamp is now: fishhook accepts it for 300 s.

Options:
${COMMON}

Environment:
  FISHHOOK_CLIENT    your client id
  FISHHOOK_SECRET    a signing secret`,

  listen: `Usage: fishhook listen [--port 4000] [--secret whsec_...] [--forward-to URL]

A local webhook receiver: verifies each fishhook webhook's Standard Webhooks signature,
prints the event, and answers 204 (or 400 for a bad signature). With --forward-to, a
verified event is passed on to URL with its headers and the answer is relayed back.

Point a run's webhook at it, e.g. --webhook http://127.0.0.1:4000/webhooks (fishhook
accepts http:// and loopback webhooks only with ALLOW_PRIVATE_WEBHOOKS="true", as under
\`npm start\`; for a deployed fishhook, expose the port with an https tunnel).

Options:
  --port N           port on 127.0.0.1 (default 4000; 0 picks a free one)
  --secret SECRET    your client's whsec_ webhook secret (or FISHHOOK_WEBHOOK_SECRET)
  --forward-to URL   pass verified events on to your own endpoint
${COMMON}

Environment:
  FISHHOOK_WEBHOOK_SECRET   the whsec_ secret, when --secret is not given`,
} as const;

export type HelpTopic = keyof typeof HELP;
