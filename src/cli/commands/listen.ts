/**
 * `fishhook listen`: a local receiver for developing against fishhook, like `stripe listen`.
 * It runs until interrupted; each webhook is verified, printed, and answered (or forwarded).
 */
import { usageError } from "../cli-error";
import { listenHandler } from "../listen/listen-handler";
import { WebhookVerifier } from "../listen/webhook-verifier";
import type { Command } from "./command";

export const DEFAULT_LISTEN_PORT = 4000;

export const listen: Command = {
  help: "listen",
  flags: { port: "string", secret: "string", "forward-to": "string" },
  async run(args, io) {
    if (args.positionals.length > 0) throw usageError(`unexpected argument ${args.positionals[0]}`);
    const port = portFlag(args.strings.port);
    const secret = args.strings.secret ?? io.env.FISHHOOK_WEBHOOK_SECRET;
    if (!secret) {
      throw usageError(
        "no webhook secret: pass --secret whsec_... or set FISHHOOK_WEBHOOK_SECRET (your client's webhook_secrets entry)",
      );
    }
    const forwardTo = args.strings["forward-to"];
    if (forwardTo !== undefined && !/^https?:\/\/[^/]/.test(forwardTo)) {
      throw usageError("--forward-to must be an http:// or https:// URL");
    }
    const json = args.booleans.has("json");
    const handler = listenHandler({
      verifier: await WebhookVerifier.create(secret),
      out: io.stdout,
      json,
      now: io.now,
      fetch: io.fetch,
      forwardTo,
    });
    const server = await io.serve({ port, hostname: "127.0.0.1" }, handler);
    const banner = [
      `Listening for fishhook webhooks on ${server.url} (any path). Ctrl-C to stop.`,
      `  use it as a run's webhook, e.g. --webhook ${server.url}/webhooks`,
      forwardTo ? `  verified events are forwarded to ${forwardTo}` : "",
    ].filter(Boolean);
    // The banner goes to stderr under --json, so stdout stays one JSON object per event.
    (json ? io.stderr : io.stdout).write(`${banner.join("\n")}\n`);
    await server.closed;
    return 0;
  },
};

function portFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LISTEN_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw usageError(`--port must be 0-65535, not ${value}`);
  return port;
}
