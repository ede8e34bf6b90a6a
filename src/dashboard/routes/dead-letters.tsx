/**
 * `GET /dashboard/dead-letters` and `POST /dashboard/dead-letters/redeliver` (contract
 * §10). The confirmation names the runs it counted; the POST redelivers those of them that
 * are still dead letters, and says how many.
 */
import type { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../errors";
import { isRunId } from "../../run/ids";
import { runObject } from "../../run/run-api";
import { indexStub } from "../../runs-index/index-stub";
import type { DashboardEnv } from "../dashboard-env";
import { pageQuery } from "../page-query";
import { DeadLettersPage, type RedeliveryBatch } from "../pages/dead-letters-page";
import { listQuery, RUNS_PER_PAGE } from "../run-filters";
import { plural } from "../views/labels";
import { htmlPage } from "../views/layout";
import type { NoticeMessage } from "../views/notice";
import { badCursor } from "./runs";

/** The most runs one `Redeliver all` sends again: each is a call to its own object. */
export const MAX_REDELIVER_ALL = 100;
const PARALLEL_REDELIVERIES = 10;

const DeadLettersQuery = z.object({
  cursor: z.string().max(2048).optional(),
  confirm: z.literal("1").optional(),
  redelivered: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
  skipped: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
});

function resultMessage(redelivered?: string, skipped?: string): NoticeMessage | null {
  if (redelivered === undefined) return null;
  const sent = `Redelivery started for ${plural(Number(redelivered), "run")}.`;
  const left = Number(skipped ?? 0);
  return {
    tone: "ok",
    text:
      left > 0
        ? `${sent} ${plural(left, "run")} had meanwhile left the dead letters and were left alone.`
        : sent,
  };
}

export function registerDeadLetters(app: Hono<DashboardEnv>): void {
  app.get("/dead-letters", async (c) => {
    const query = pageQuery(DeadLettersQuery, c);
    const { clientId, csrfToken } = c.get("session");
    const index = indexStub(c.env, clientId);
    const page = await index.summaries(
      listQuery({ delivery: "exhausted", cursor: query.cursor }, RUNS_PER_PAGE),
      clientId,
    );
    if (!page.ok) throw badCursor();
    let confirm: RedeliveryBatch | null = null;
    if (query.confirm && page.list.total > 0) {
      const batch = await index.summaries(
        listQuery({ delivery: "exhausted" }, MAX_REDELIVER_ALL),
        clientId,
      );
      if (batch.ok)
        confirm = { ids: batch.list.data.map((run) => run.id), total: batch.list.total };
    }
    return c.html(
      htmlPage(
        <DeadLettersPage
          csrfToken={csrfToken}
          list={page.list}
          cursor={query.cursor}
          confirm={confirm}
          message={resultMessage(query.redelivered, query.skipped)}
        />,
      ),
    );
  });

  app.post("/dead-letters/redeliver", async (c) => {
    const ids = [...new Set(c.get("form").getAll("run"))];
    if (ids.length === 0 || ids.length > MAX_REDELIVER_ALL || !ids.every(isRunId)) {
      throw new ApiError(
        "invalid_request",
        `Invalid body: run: 1 to ${MAX_REDELIVER_ALL} run ids, as the confirmation lists them.`,
        [{ path: ["run"], message: `1 to ${MAX_REDELIVER_ALL} run ids` }],
      );
    }
    const { clientId } = c.get("session");
    let redelivered = 0;
    for (let start = 0; start < ids.length; start += PARALLEL_REDELIVERIES) {
      const batch = ids.slice(start, start + PARALLEL_REDELIVERIES);
      const sent = await Promise.all(
        batch.map(async (id) => {
          const run = runObject(c.env, id);
          // Only what is still a dead letter: one delivered meanwhile is left alone.
          const view = await run.read(clientId);
          if (view?.delivery.state !== "exhausted") return false;
          return (await run.redeliver(clientId)).ok;
        }),
      );
      redelivered += sent.filter(Boolean).length;
    }
    const skipped = ids.length - redelivered;
    return c.redirect(`/dashboard/dead-letters?redelivered=${redelivered}&skipped=${skipped}`, 303);
  });
}
