/**
 * A JSON body, or a clear 415/400. Runs after authentication, so an unauthenticated caller
 * learns nothing about what the body should be.
 */
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import type { AppEnv } from "./app-env";
import { checkJsonShape, MAX_JSON_DEPTH } from "./json-shape";

/** The same rule as Hono's json validator, so what passes here is what it validates. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new ApiError(
      "unsupported_media_type",
      "Send the body as Content-Type: application/json.",
    );
  }
  let text: string;
  try {
    text = strictUtf8.decode(c.get("rawBody"));
  } catch {
    throw new ApiError("invalid_json", "The body is not valid UTF-8.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message}` : "";
    throw new ApiError("invalid_json", `The body is not valid JSON${reason}.`);
  }
  // A body that is not an object is the schema's to refuse, with its own message.
  const fault =
    typeof body === "object" && body !== null && !Array.isArray(body) ? checkJsonShape(body) : null;
  if (fault) {
    const where = fault.path.join(".") || "body";
    const message =
      fault.fault === "too_deep"
        ? `nested more than ${MAX_JSON_DEPTH} levels deep`
        : "a __proto__ key cannot be relayed";
    throw new ApiError("invalid_request", `Invalid body: ${where}: ${message}`, [
      { path: fault.path, message },
    ]);
  }
  return next();
});
