/**
 * Contract §2 as OpenAPI security schemes. OpenAPI has no HMAC scheme, so the signature is
 * three `apiKey` headers required together; the Bearer key is the alternative. Slack's own
 * request signing, in front of `/slack`, is two such headers.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { SIGNATURE_WINDOW_SECONDS } from "../../auth/request-signature";
import type { AppEnv } from "../../http/app-env";
import { SLACK_WINDOW_SECONDS } from "../../slack/signature";

const SIGNATURE_DESCRIPTION = [
  "HMAC request signature, for backends. Send all three headers: `Fishhook-Client: <client id>`,",
  "`Fishhook-Timestamp: <unix seconds>` and `Fishhook-Signature: v1=<lowercase hex HMAC-SHA256>`,",
  "keyed with one of the client's `signing_secrets`, over the UTF-8 string",
  "`{timestamp}.{METHOD}.{path and query}.{raw body}`: METHOD in upper case, path and query",
  "exactly as sent (not decoded), the raw body as sent (empty body: empty string).",
  "Several `v1=` entries, comma-separated, are accepted (secret rotation).",
  `Accepted while the timestamp is within ${SIGNATURE_WINDOW_SECONDS} s of fishhook's clock;`,
  "a signed create without `Idempotency-Key` is idempotent on its signature.",
].join(" ");

const SLACK_SIGNATURE_DESCRIPTION = [
  "Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):",
  "`X-Slack-Signature: v0=<lowercase hex HMAC-SHA256>`, keyed with the app's signing secret",
  "(fishhook's `SLACK_SIGNING_SECRET`), over the UTF-8 string `v0:{timestamp}:{raw body}`,",
  "the timestamp being `X-Slack-Request-Timestamp`. Slack sends both; accepted while the",
  `timestamp is within ${SLACK_WINDOW_SECONDS} s of fishhook's clock.`,
].join(" ");

/** OpenAPI's security requirement: every named scheme in one entry together. */
type SecurityRequirement = Record<string, string[]>;

/** The three signature headers together, or a Bearer key. */
export const CALLER_SECURITY: SecurityRequirement[] = [
  { FishhookClient: [], FishhookTimestamp: [], FishhookSignature: [] },
  { BearerKey: [] },
];

/** A run's stream: its watch link's token, or the caller's own credentials. */
export const WATCH_SECURITY: SecurityRequirement[] = [{ WatchToken: [] }, ...CALLER_SECURITY];

/** Operations that take no caller credentials (the per-run token, health, the document). */
export const NO_SECURITY: SecurityRequirement[] = [];

/** Both Slack headers together: only Slack, holding the signing secret, can call `/slack`. */
export const SLACK_SECURITY: SecurityRequirement[] = [
  { SlackSignature: [], SlackRequestTimestamp: [] },
];

export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "FishhookSignature", {
    type: "apiKey",
    in: "header",
    name: "Fishhook-Signature",
    description: SIGNATURE_DESCRIPTION,
  });
  registry.registerComponent("securitySchemes", "FishhookClient", {
    type: "apiKey",
    in: "header",
    name: "Fishhook-Client",
    description: "The client id; part of the HMAC signature (see FishhookSignature).",
  });
  registry.registerComponent("securitySchemes", "FishhookTimestamp", {
    type: "apiKey",
    in: "header",
    name: "Fishhook-Timestamp",
    description: `Unix seconds, within ${SIGNATURE_WINDOW_SECONDS} s of now; part of the HMAC signature (see FishhookSignature).`,
  });
  registry.registerComponent("securitySchemes", "BearerKey", {
    type: "http",
    scheme: "bearer",
    description:
      "`Authorization: Bearer <one of the client's api_keys>`, for tools that can only send a static header (Zapier, n8n).",
  });
  registry.registerComponent("securitySchemes", "SlackSignature", {
    type: "apiKey",
    in: "header",
    name: "X-Slack-Signature",
    description: SLACK_SIGNATURE_DESCRIPTION,
  });
  registry.registerComponent("securitySchemes", "SlackRequestTimestamp", {
    type: "apiKey",
    in: "header",
    name: "X-Slack-Request-Timestamp",
    description: `Unix seconds, within ${SLACK_WINDOW_SECONDS} s of now; part of Slack's signature (see SlackSignature).`,
  });
  registry.registerComponent("securitySchemes", "WatchToken", {
    type: "apiKey",
    in: "query",
    name: "token",
    description:
      "A run's watch link (`links.events` on the run object): a read-only token for that run's event stream alone, valid 24 h. Wrong or expired: `401 invalid_token`.",
  });
}
