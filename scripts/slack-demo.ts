/**
 * Replays a Slack slash command against `npm start`'s fishhook, signed with the demo
 * signing secret as Slack would sign it, and stands in for hooks.slack.com on 127.0.0.1 to
 * print what fishhook posts back: the ephemeral answer, then the result in the channel.
 *
 *   npx tsx scripts/slack-demo.ts "https://example.com Find the page title"
 *   npx tsx scripts/slack-demo.ts "https://example.com Find the price [sim outcome=goal_failed]"
 *   npx tsx scripts/slack-demo.ts "status run_…"      (or "cancel run_…", "help")
 *
 * Env: FISHHOOK_URL (default http://localhost:8787, or FISHHOOK_PORT's), SLACK_DEMO_PORT (8791).
 */
import { createHmac, randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { DEMO_SLACK_SIGNING_SECRET, demoPorts } from "./demo-config";

const ports = demoPorts();

const relay = process.env.FISHHOOK_URL ?? `http://localhost:${ports.relay}`;
const text = process.argv.slice(2).join(" ") || "https://example.com Find the page title";
const WAIT_FOR_RESULT_MS = 5 * 60_000;

type Json = Record<string, unknown>;

/** The stand-in for hooks.slack.com: prints each message; resolves on the run's result. */
function startSlackStandIn(onResult: () => void) {
  const app = new Hono();
  app.post("/commands/*", async (c) => {
    const message = (await c.req.json()) as Json;
    const where = message.response_type === "in_channel" ? "in the channel" : "only to you";
    printMessage(`[slack] fishhook posted ${where}:`, message);
    if (message.response_type === "in_channel" || /could not be started/.test(`${message.text}`))
      onResult();
    return c.text("ok");
  });
  return serve({ fetch: app.fetch, port: ports.slack, hostname: "127.0.0.1" });
}

function printMessage(title: string, message: Json): void {
  console.log(`\n${title}`);
  for (const block of (message.blocks as Json[] | undefined) ?? []) {
    const textOf = (value: unknown) => (value as { text?: string } | undefined)?.text ?? "";
    switch (block.type) {
      case "header":
        console.log(`  ## ${textOf(block.text)}`);
        break;
      case "section":
        if (block.text) console.log(indent(textOf(block.text)));
        for (const field of (block.fields as Json[] | undefined) ?? [])
          console.log(indent(textOf(field)));
        break;
      case "context":
        for (const element of block.elements as Json[]) console.log(indent(textOf(element)));
        break;
      case "actions":
        for (const button of block.elements as Json[]) console.log(`  [ ${textOf(button.text)} ]`);
        break;
    }
  }
}

const indent = (value: string) => value.replace(/^/gm, "  ");

function slashCommand(): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    command: "/tinyfish",
    text,
    user_id: "U0DEMO",
    user_name: "demo-user",
    channel_id: "C0DEMO",
    channel_name: "demo",
    team_id: "T0DEMO",
    response_url: `http://127.0.0.1:${ports.slack}/commands/T0DEMO/1/${randomBytes(8).toString("hex")}`,
    trigger_id: `demo.${Date.now()}`,
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", DEMO_SLACK_SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return {
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Slack-Request-Timestamp": timestamp,
      "X-Slack-Signature": `v0=${signature}`,
    },
  };
}

let finish!: () => void;
const done = new Promise<void>((resolve) => {
  finish = resolve;
});
const standIn = startSlackStandIn(() => finish());

const { body, headers } = slashCommand();
console.log(`[slack] /tinyfish ${text}`);
const response = await fetch(`${relay}/slack/commands`, { method: "POST", headers, body });
const answer = (await response.json()) as Json;
if (response.status !== 200) {
  console.error(`fishhook answered ${response.status}: ${JSON.stringify(answer)}`);
  console.error("Is `npm start` running? (It sets SLACK_SIGNING_SECRET and SLACK_CLIENT.)");
  standIn.close();
  process.exit(1);
}
printMessage("[slack] fishhook answered the command (only you see this):", answer);

// Only a started run has a result to wait for.
if (/Started run/.test(`${answer.text}`)) {
  console.log("\n[slack] waiting for the result…");
  const timer = setTimeout(() => {
    console.error("[slack] no result yet; ask with: /tinyfish status <run id>");
    finish();
  }, WAIT_FOR_RESULT_MS);
  await done;
  clearTimeout(timer);
}
standIn.close();
