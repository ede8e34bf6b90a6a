/**
 * Who is calling (contract §2): an HMAC-signed request (backends) or a Bearer API key
 * (Zapier, n8n). Sets `client` for the routes, or ends the request with a 401 that says
 * which check failed — never which secret or client would have matched. A signed request
 * also gets its identity: what it signed, never how its headers were written.
 */
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import type { AppEnv } from "../http/app-env";
import { requestHeader } from "../http/request-header";
import { runtime } from "../runtime";
import { secondsWithin } from "../util/timestamp-window";
import { SIGNATURE_WINDOW_SECONDS, verifyRequestSignature } from "./request-signature";
import { pathAndQueryOf, signedContent } from "./sign-request";
import { signedRequestDigest } from "./signed-request-identity";

export const callerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const config = c.get("config");
  const clientId = requestHeader(c, "Fishhook-Client");
  const signature = requestHeader(c, "Fishhook-Signature");
  const timestamp = requestHeader(c, "Fishhook-Timestamp");
  const authorization = requestHeader(c, "Authorization");

  if (clientId !== undefined || signature !== undefined || timestamp !== undefined) {
    if (!clientId || !signature || !timestamp) {
      throw new ApiError(
        "missing_credentials",
        "A signed request needs Fishhook-Client, Fishhook-Timestamp and Fishhook-Signature.",
      );
    }
    const client = config.clients.get(clientId);
    if (!client) throw new ApiError("unknown_client", "Fishhook-Client names no known client.");
    if (secondsWithin(timestamp, runtime().now(), SIGNATURE_WINDOW_SECONDS) === null) {
      throw new ApiError(
        "stale_timestamp",
        `Fishhook-Timestamp must be unix seconds within ${SIGNATURE_WINDOW_SECONDS} s of now.`,
      );
    }
    const content = signedContent(
      timestamp,
      c.req.method,
      pathAndQueryOf(c.req.url),
      c.get("rawBody"),
    );
    if (!(await verifyRequestSignature(signature, client.signing_secrets, content))) {
      throw new ApiError("invalid_signature", "Fishhook-Signature does not match the request.");
    }
    c.set("client", client);
    c.set("signedRequest", await signedRequestDigest(content));
    return next();
  }

  if (authorization !== undefined) {
    const match = /^Bearer +(\S+)$/i.exec(authorization);
    const client = match?.[1] ? await config.clients.findByApiKey(match[1]) : undefined;
    if (!client) {
      throw new ApiError("invalid_api_key", "Authorization must be `Bearer <a valid API key>`.");
    }
    c.set("client", client);
    c.set("signedRequest", null);
    return next();
  }

  throw new ApiError(
    "missing_credentials",
    "Sign the request (Fishhook-Client, Fishhook-Timestamp, Fishhook-Signature) or send Authorization: Bearer <api key>.",
  );
});
