/**
 * A dashboard POST's form, read once and size-limited. Forms are small (a token, a key, at
 * most a page of run ids); anything else is refused before it is read.
 */
import { bodyLimit } from "hono/body-limit";
import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import { requestHeader } from "../http/request-header";
import type { DashboardEnv } from "./dashboard-env";

export const MAX_FORM_BYTES = 32 * 1024;

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

const parse = createMiddleware<DashboardEnv>(async (c, next) => {
  // Any other body counts as an empty form: it carries no anti-forgery token either.
  const isForm = FORM_TYPE.test(requestHeader(c, "Content-Type") ?? "");
  const text = isForm ? new TextDecoder().decode(await c.req.arrayBuffer()) : "";
  c.set("form", new URLSearchParams(text));
  return next();
});

export const readForm = every(
  bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw new ApiError("payload_too_large", `A form must be at most ${MAX_FORM_BYTES} bytes.`);
    },
  }),
  parse,
);
