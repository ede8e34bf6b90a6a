/**
 * Reads the request body once, as bytes, refusing more than the limit before reading it
 * all. Signatures are checked over these exact bytes, and JSON is parsed from them.
 */
import { bodyLimit } from "hono/body-limit";
import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import type { AppEnv } from "./app-env";

export function readBody(maxBytes: number) {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError("payload_too_large", `The body must be at most ${maxBytes} bytes.`);
    },
  });
  const read = createMiddleware<AppEnv>(async (c, next) => {
    c.set("rawBody", new Uint8Array(await c.req.arrayBuffer()));
    return next();
  });
  return every(limit, read);
}
