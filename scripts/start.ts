/**
 * `npm start`: fishhook (wrangler dev) with a local TinyFish simulator and a demo webhook
 * receiver, so a new user sees a run go from request to signed webhook with no account
 * and no internet. Ports move with FISHHOOK_PORT, SIMULATOR_PORT, RECEIVER_PORT and
 * SLACK_DEMO_PORT.
 *
 * package.json starts this with `exec node …`, so npm's signal reaches this process itself
 * (a `sh -c` in between would keep it); Ctrl-C, SIGINT or SIGTERM then stop everything.
 */
import { installCleanup } from "../harness/children";
import { DEMO_CLIENT, DEMO_PORT_VARS, demoPorts } from "./demo-config";
import { DEMO_RUNS, hasNoRuns, startDemoRuns } from "./demo-runs";
import { type DemoStack, startDemoStack } from "./demo-stack";

const ports = demoPorts();
let stack: DemoStack | null = null;

installCleanup({
  harness: "npm start",
  onInterrupt: async () => {
    await stack?.stop();
  },
});

stack = await startDemoStack({
  ports,
  onRelayOutput: (text) => process.stdout.write(text),
});
printWelcome(stack);
void addDemoRuns(stack);
void stack.relayExited.then(async (code) => {
  await stack?.stop();
  process.exit(code ?? 1);
});

/** A fresh demo gets a few runs to look at in the dashboard; a failure only costs those. */
async function addDemoRuns({ relayUrl, receiverUrl }: DemoStack): Promise<void> {
  try {
    if (!(await hasNoRuns(relayUrl))) {
      console.log(
        `\n[demo] kept the runs this demo already has: see them at ${relayUrl}/dashboard\n`,
      );
      return;
    }
    await startDemoRuns(relayUrl, receiverUrl);
    console.log(
      `\n[demo] started ${DEMO_RUNS.length} demo runs: see them at ${relayUrl}/dashboard\n`,
    );
  } catch (error) {
    console.error(`[demo] could not start the demo runs: ${(error as Error).message}`);
  }
}

function printWelcome({ relayUrl, simulator, receiverUrl }: DemoStack): void {
  const key = DEMO_CLIENT.api_keys[0];
  console.log(`
fishhook is running at ${relayUrl}
  dashboard           ${relayUrl}/dashboard  (sign in with the demo API key: ${key})
  TinyFish simulator  ${simulator.url}
  demo receiver       ${receiverUrl}
  API docs            ${relayUrl}/docs

Start a run (demo client "${DEMO_CLIENT.id}", Bearer key below):

  curl -si ${relayUrl}/v1/runs \\
    -H "Authorization: Bearer ${key}" \\
    -H "Content-Type: application/json" \\
    -d '{"url":"https://example.com","goal":"Find the page title","webhook_url":"${receiverUrl}"}'

The simulated run takes about 3 s; the receiver prints the signed webhook here.
Script the simulator from the goal, e.g. "goal":"Find the price [sim outcome=goal_failed duration=5s]".

Replay a signed Slack slash command (prints what fishhook posts back to Slack):

  npx tsx scripts/slack-demo.ts "https://example.com Find the page title"

Other ports: ${Object.values(DEMO_PORT_VARS).join(", ")}. Stop with Ctrl-C.
`);
}
