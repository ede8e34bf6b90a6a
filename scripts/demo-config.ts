/**
 * The demo's credentials and ports for `npm start`. The credentials are public on purpose:
 * the demo runs on loopback with a simulated TinyFish. Never deploy them.
 */
export const DEMO_CLIENT = {
  id: "demo",
  signing_secrets: ["demo-signing-secret-change-me-0123456789"],
  api_keys: ["fh_demo_0123456789abcdef"],
  webhook_secrets: ["whsec_awHDRNvlgnvsPnEfneux4M9L+YR4RhsUDIE/uHP4hZE="],
};

export type FishhookClientEntry = typeof DEMO_CLIENT;

export interface DemoPorts {
  relay: number;
  simulator: number;
  receiver: number;
  slack: number;
}

export const DEFAULT_DEMO_PORTS: DemoPorts = {
  relay: 8787,
  simulator: 8788,
  receiver: 8790,
  slack: 8791,
};

/** The environment variable that moves each port (README, "Ports"). */
export const DEMO_PORT_VARS: Record<keyof DemoPorts, string> = {
  relay: "FISHHOOK_PORT",
  simulator: "SIMULATOR_PORT",
  receiver: "RECEIVER_PORT",
  slack: "SLACK_DEMO_PORT",
};

/** The demo's ports: the defaults, each moved by its variable. A bad value is an error. */
export function demoPorts(env: NodeJS.ProcessEnv = process.env): DemoPorts {
  const ports = { ...DEFAULT_DEMO_PORTS };
  for (const key of Object.keys(ports) as (keyof DemoPorts)[]) {
    const name = DEMO_PORT_VARS[key];
    const raw = env[name]?.trim();
    if (!raw) continue;
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
      throw new Error(`${name} must be a port number from 1 to 65535, not "${raw}"`);
    }
    ports[key] = port;
  }
  return ports;
}

/** The demo Slack app's signing secret; `scripts/slack-demo.ts` signs commands with it. */
export const DEMO_SLACK_SIGNING_SECRET = "demo-slack-signing-secret-change-me-0123";

export const DEMO_TINYFISH_KEY = "sk-tinyfish-local";
