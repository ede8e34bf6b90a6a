/**
 * A JSON body, or a clear 415/400. Runs after authentication, so an unauthenticated caller
 * learns nothing about what the body should be.
 */
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import { InexactNumber, parseExactJson } from "../json/exact-numbers";
import type { AppEnv } from "./app-env";
import { checkJsonShape, type JsonShapeFault, MAX_JSON_DEPTH } from "./json-shape";
import { requestHeader } from "./request-header";

/** The same rule as Hono's json validator, so what passes here is what it validates. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const mediaType = (requestHeader(c, "Content-Type") ?? "").split(";")[0]?.trim() ?? "";
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
  // A body that is not an object is the schema's to refuse, with its own message. Numbers
  // are checked once the depth is known to be sane (a reviver recurses).
  const fault =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (checkJsonShape(body) ??
        checkJsonShape(parseExactJson(text, { inexact: (source) => new InexactNumber(source) })))
      : null;
  if (fault) {
    const where = fault.path.join(".") || "body";
    const message = faultMessage(fault);
    throw new ApiError("invalid_request", `Invalid body: ${where}: ${message}`, [
      { path: fault.path, message },
    ]);
  }
  return next();
});

function faultMessage(fault: JsonShapeFault): string {
  switch (fault.fault) {
    case "too_deep":
      return `nested more than ${MAX_JSON_DEPTH} levels deep`;
    case "proto_key":
      return "a __proto__ key cannot be relayed";
    case "inexact_number": {
      const number = fault.source.length > 40 ? `${fault.source.slice(0, 37)}...` : fault.source;
      return `the number ${number} cannot be relayed exactly (integers must be within ±2^53, other numbers exact as a 64-bit double); send it as a string`;
    }
  }
}
