/**
 * Contract §2 as OpenAPI security schemes. OpenAPI has no HMAC scheme, so the signature is
 * three `apiKey` headers required together; the Bearer key is the alternative.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { SIGNATURE_WINDOW_SECONDS } from "../../auth/request-signature";
import type { AppEnv } from "../../http/app-env";

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

/** OpenAPI's security requirement: every named scheme in one entry together. */
type SecurityRequirement = Record<string, string[]>;

/** The three signature headers together, or a Bearer key. */
export const CALLER_SECURITY: SecurityRequirement[] = [
  { FishhookClient: [], FishhookTimestamp: [], FishhookSignature: [] },
  { BearerKey: [] },
];

/** Operations that take no caller credentials (the per-run token, health, the document). */
export const NO_SECURITY: SecurityRequirement[] = [];

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
}
