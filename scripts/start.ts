/**
 * `npm start`: fishhook (wrangler dev) with a local TinyFish simulator and a demo webhook
 * receiver, so a new user sees a run go from request to signed webhook with no account
 * and no internet.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import {
  DEMO_CLIENT,
  DEMO_PORTS,
  DEMO_SLACK_SIGNING_SECRET,
  DEMO_TINYFISH_KEY,
} from "./demo-config";
import { startReceiver } from "./demo-receiver";
import { startSimulator } from "./simulator";

const relayUrl = `http://localhost:${DEMO_PORTS.relay}`;

const simulator = await startSimulator({ port: DEMO_PORTS.simulator, apiKey: DEMO_TINYFISH_KEY });
const receiver = startReceiver(DEMO_PORTS.receiver);

// Vars for wrangler dev, as an env file (the client list is JSON, awkward on a command line).
mkdirSync(".wrangler", { recursive: true });
const envFile = ".wrangler/demo.env";
writeFileSync(
  envFile,
  [
    `TINYFISH_BASE_URL=${simulator.url}`,
    `TINYFISH_API_KEY=${DEMO_TINYFISH_KEY}`,
    `FISHHOOK_CLIENTS='${JSON.stringify([DEMO_CLIENT])}'`,
    "ALLOW_PRIVATE_WEBHOOKS=true",
    // The Slack endpoints, for scripts/slack-demo.ts: runs started from Slack are demo's.
    `SLACK_SIGNING_SECRET=${DEMO_SLACK_SIGNING_SECRET}`,
    `SLACK_CLIENT=${DEMO_CLIENT.id}`,
  ].join("\n"),
);

const wrangler = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    "--port",
    String(DEMO_PORTS.relay),
    "--env-file",
    envFile,
    "--show-interactive-dev-session=false",
  ],
  {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    // Its own process group: npx, wrangler and workerd are stopped together (see shutdown).
    detached: true,
  },
);
wrangler.stdout.on("data", (chunk: Buffer) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (text.includes("Ready on")) printWelcome();
});

function printWelcome(): void {
  console.log(`
fishhook is running at ${relayUrl}
  TinyFish simulator  ${simulator.url}
  demo receiver       http://127.0.0.1:${DEMO_PORTS.receiver}/webhooks

Start a run (demo client "${DEMO_CLIENT.id}", Bearer key below):

  curl -s ${relayUrl}/v1/runs \\
    -H "Authorization: Bearer ${DEMO_CLIENT.api_keys[0]}" \\
    -H "Content-Type: application/json" \\
    -d '{"url":"https://example.com","goal":"Find the page title","webhook_url":"http://127.0.0.1:${DEMO_PORTS.receiver}/webhooks"}'

The simulated run takes about 3 s; the receiver prints the signed webhook here.
Script the simulator from the goal, e.g. "goal":"Find the price [sim outcome=goal_failed duration=5s]".

Replay a signed Slack slash command (prints what fishhook posts back to Slack):

  npx tsx scripts/slack-demo.ts "https://example.com Find the page title"
`);
}

/** Signals wrangler's whole group: npx does not pass a signal on to wrangler and workerd. */
function stopWrangler(signal: NodeJS.Signals): void {
  if (wrangler.pid === undefined || wrangler.exitCode !== null) return;
  try {
    process.kill(-wrangler.pid, signal);
  } catch {
    // Already gone.
  }
}

function shutdown(): void {
  stopWrangler("SIGINT");
  setTimeout(() => stopWrangler("SIGKILL"), 5_000).unref();
  receiver.close();
  void simulator.close().finally(() => process.exit(0));
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
wrangler.on("exit", (code) => {
  receiver.close();
  void simulator.close().finally(() => process.exit(code ?? 0));
});
