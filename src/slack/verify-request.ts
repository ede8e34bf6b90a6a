/**
 * The guards in front of the Slack endpoints: not found at all while SLACK_SIGNING_SECRET
 * is unset; otherwise Slack's request signature over the raw body. A bad, stale or missing
 * signature is a 401 with the contract's error codes, and nothing runs.
 */
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import type { AppEnv } from "../http/app-env";
import { readBody } from "../http/read-body";
import { requestHeader } from "../http/request-header";
import { runtime } from "../runtime";
import { SLACK_WINDOW_SECONDS, verifySlackRequest } from "./signature";

/** Far above anything Slack sends (an interaction carries the message it came from). */
const SLACK_BODY_LIMIT = 256 * 1024;

const MESSAGES = {
  missing_credentials: "Send X-Slack-Request-Timestamp and X-Slack-Signature.",
  stale_timestamp: `X-Slack-Request-Timestamp must be within ${SLACK_WINDOW_SECONDS} s of now.`,
  invalid_signature: "X-Slack-Signature does not match the request.",
} as const;

export const slackEnabled = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.env.SLACK_SIGNING_SECRET) throw new ApiError("not_found", "No such endpoint.");
  return next();
});

const slackSignature = createMiddleware<AppEnv>(async (c, next) => {
  const verdict = await verifySlackRequest(
    c.env.SLACK_SIGNING_SECRET ?? "",
    requestHeader(c, "X-Slack-Request-Timestamp"),
    requestHeader(c, "X-Slack-Signature"),
    c.get("rawBody"),
    runtime().now(),
  );
  if (!verdict.ok) throw new ApiError(verdict.code, MESSAGES[verdict.code]);
  return next();
});

/** Reads the body once (the signature covers its exact bytes), then checks the signature. */
export const slackVerified = [readBody(SLACK_BODY_LIMIT), slackSignature] as const;
