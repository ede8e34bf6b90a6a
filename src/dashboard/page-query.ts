/** A page's query string, validated: a bad value is a 400 naming it (contract §6). */
import type { Context } from "hono";
import type { z } from "zod";
import { validationError } from "../http/validation-error";
import type { DashboardEnv } from "./dashboard-env";

export function pageQuery<T extends z.ZodType>(schema: T, c: Context<DashboardEnv>): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error, "query");
  return parsed.data;
}
