/**
 * A table of runs (contract §10: id, goal, status, outcome, delivery state, created), the
 * run's id as each row's header, linking to its page.
 */
import type { RunSummary } from "../../runs-index/run-summary";
import { Badge } from "./badge";
import {
  DELIVERY_LABELS,
  DELIVERY_TONES,
  formatTime,
  isoTime,
  OUTCOME_TONES,
  outcomeLabel,
  STATUS_LABELS,
  STATUS_TONES,
} from "./labels";

export const RunsTable = (props: { runs: RunSummary[]; caption: string; empty: string }) =>
  props.runs.length === 0 ? (
    <p>{props.empty}</p>
  ) : (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Goal</th>
          <th scope="col">Status</th>
          <th scope="col">Outcome</th>
          <th scope="col">Delivery</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {props.runs.map((run) => (
          <tr>
            <th scope="row">
              <a class="mono" href={`/dashboard/runs/${run.id}`}>
                {run.id}
              </a>
            </th>
            <td class="goal">{run.goal}</td>
            <td>
              <Badge tone={STATUS_TONES[run.status]}>{STATUS_LABELS[run.status]}</Badge>
            </td>
            <td>
              <Badge tone={OUTCOME_TONES[run.outcome ?? "running"]}>
                {outcomeLabel(run.outcome)}
              </Badge>
            </td>
            <td>
              <Badge tone={DELIVERY_TONES[run.delivery_state]}>
                {DELIVERY_LABELS[run.delivery_state]}
              </Badge>
            </td>
            <td>
              <time datetime={isoTime(run.created_at)}>{formatTime(run.created_at)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

/** Keyset paging: back to the newest, or on to older runs. */
export const Pager = (props: { newest: string | null; older: string | null }) =>
  props.newest || props.older ? (
    <nav class="pager" aria-label="Pages of runs">
      {props.newest ? <a href={props.newest}>Newest runs</a> : null}
      {props.older ? <a href={props.older}>Older runs</a> : null}
    </nav>
  ) : null;
