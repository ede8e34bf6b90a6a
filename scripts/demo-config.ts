/**
 * The demo's credentials for `npm start`. They are public on purpose: the demo runs on
 * loopback with a simulated TinyFish. Never deploy them.
 */
export const DEMO_CLIENT = {
  id: "demo",
  signing_secrets: ["demo-signing-secret-change-me-0123456789"],
  api_keys: ["fh_demo_0123456789abcdef"],
  webhook_secrets: ["whsec_awHDRNvlgnvsPnEfneux4M9L+YR4RhsUDIE/uHP4hZE="],
};

export const DEMO_PORTS = { relay: 8787, simulator: 8788, receiver: 8790, slack: 8791 };

/** The demo Slack app's signing secret; `scripts/slack-demo.ts` signs commands with it. */
export const DEMO_SLACK_SIGNING_SECRET = "demo-slack-signing-secret-change-me-0123";

export const DEMO_TINYFISH_KEY = "sk-tinyfish-local";
