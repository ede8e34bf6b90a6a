/**
 * `POST /v1/hooks/tinyfish/{id}?token=…` (contract §3): TinyFish calling back when a run
 * ends. Its webhooks are unsigned, so the call is only a hint: the run re-reads itself from
 * TinyFish at once, and the posted body is never read. A wrong token is a plain 404.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { notFound } from "../errors";
import type { AppEnv } from "../http/app-env";
import { ErrorResponse } from "../schemas/error-body";
import { SERVER_ERROR, tooLarge } from "./openapi/responses";
import { NO_SECURITY } from "./openapi/security";
import { runStub } from "./runs/run-stub";

export const tinyfishHookRoute = createRoute({
  method: "post",
  path: "/tinyfish/{id}",
  summary: "TinyFish's callback (a hint to re-read the run)",
  description:
    "fishhook gives TinyFish this URL as the run's `webhook_url`. The posted body is never read: the run re-reads itself from TinyFish. No caller credentials; the per-run `token` instead.",
  operationId: "tinyfishCallback",
  tags: ["TinyFish callback"],
  security: NO_SECURITY,
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({
      token: z.string().optional().openapi({ description: "The run's unguessable token." }),
    }),
  },
  responses: {
    202: {
      description: "The run will re-read its state from TinyFish.",
      content: { "application/json": { schema: z.object({ accepted: z.literal(true) }) } },
    },
    404: {
      description: "`not_found`: no such run, or a wrong token.",
      content: { "application/json": { schema: ErrorResponse } },
    },
    413: tooLarge("1 MiB"),
    500: SERVER_ERROR,
  },
});

export function registerTinyfishHook(app: OpenAPIHono<AppEnv>): void {
  app.openapi(tinyfishHookRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { token } = c.req.valid("query");
    if (!token || !(await runStub(c.env, id).hint(token))) throw notFound();
    return c.json({ accepted: true as const }, 202);
  });
}
