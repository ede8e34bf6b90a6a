/**
 * Dead letters (contract §10): the client's runs whose delivery is exhausted, and
 * `Redeliver all`, which first says how many runs it will redeliver and asks to confirm —
 * a page of its own, so it works the same with or without script and screen reader.
 */
import type { RunSummaryList } from "../../runs-index/run-summary";
import { CSRF_FIELD } from "../anti-forgery";
import { filtersHref } from "../run-filters";
import { plural } from "../views/labels";
import { Layout } from "../views/layout";
import { Notice, type NoticeMessage } from "../views/notice";
import { Pager, RunsTable } from "../views/runs-table";

export interface RedeliveryBatch {
  /** The runs the confirmation names, newest first. */
  ids: string[];
  /** Every dead letter there is (the batch may be the newest part of them). */
  total: number;
}

export interface DeadLettersPageProps {
  csrfToken: string;
  list: RunSummaryList;
  cursor: string | undefined;
  confirm: RedeliveryBatch | null;
  message: NoticeMessage | null;
}

const Confirmation = (props: { batch: RedeliveryBatch; csrfToken: string }) => {
  const { ids, total } = props.batch;
  const runs = plural(ids.length, "run");
  return (
    <section class="confirm" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">
        {ids.length === total
          ? `Redeliver ${runs}?`
          : `Redeliver the ${ids.length} newest of ${total} runs?`}
      </h2>
      <p id="confirm-detail">
        {`This will redeliver ${runs}: each run's result is sent to its webhook again, as a new series of attempts with the same webhook-id.`}
        {ids.length < total ? " Press Redeliver all again afterwards for the rest." : ""}
      </p>
      <form method="post" action="/dashboard/dead-letters/redeliver">
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        {ids.map((id) => (
          <input type="hidden" name="run" value={id} />
        ))}
        <div class="choices">
          <button type="submit" autofocus aria-describedby="confirm-detail">
            {`Redeliver ${runs}`}
          </button>
          <a href="/dashboard/dead-letters">Keep them as they are</a>
        </div>
      </form>
    </section>
  );
};

export const DeadLettersPage = (props: DeadLettersPageProps) => {
  const { list } = props;
  return (
    <Layout title="Dead letters" csrfToken={props.csrfToken} section="dead-letters">
      <h1>Dead letters</h1>
      <Notice message={props.message} />
      <p>
        Runs whose result could not be delivered: every attempt failed, or the receiver answered 410
        Gone. Redelivering sends the result again, from the first attempt of the schedule.
      </p>
      {props.confirm ? <Confirmation batch={props.confirm} csrfToken={props.csrfToken} /> : null}
      {list.total > 0 && !props.confirm ? (
        <form method="get" action="/dashboard/dead-letters">
          <input type="hidden" name="confirm" value="1" />
          <button type="submit">Redeliver all</button>
        </form>
      ) : null}
      <p id="dead-letters-count">{`${plural(list.total, "dead letter")}.`}</p>
      <RunsTable
        runs={list.data}
        caption="Dead letters, newest first"
        empty="No dead letters: every finished run's result was delivered."
      />
      <Pager
        newest={props.cursor ? "/dashboard/dead-letters" : null}
        older={
          list.nextCursor
            ? filtersHref("/dashboard/dead-letters", { cursor: list.nextCursor })
            : null
        }
      />
    </Layout>
  );
};
