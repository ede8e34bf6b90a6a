import type { RunSummaryList } from "../../runs-index/run-summary";
import { filtersHref, hasFilters, type RunFilters } from "../run-filters";
import { FiltersForm } from "../views/filters-form";
import { plural } from "../views/labels";
import { Layout } from "../views/layout";
import { Notice, type NoticeMessage } from "../views/notice";
import { Pager, RunsTable } from "../views/runs-table";

export interface RunsPageProps {
  csrfToken: string;
  filters: RunFilters;
  list: RunSummaryList;
  message: NoticeMessage | null;
}

/** The client's runs, newest first, filtered and paged (contract §10). */
export const RunsPage = (props: RunsPageProps) => {
  const { filters, list } = props;
  const { cursor: _, ...withoutCursor } = filters;
  const count = plural(list.total, "run");
  return (
    <Layout title="Runs" csrfToken={props.csrfToken} section="runs">
      <h1>Runs</h1>
      <Notice message={props.message} />
      <FiltersForm filters={filters} />
      <p id="runs-count">
        {hasFilters(filters)
          ? `${count} ${list.total === 1 ? "matches" : "match"} these filters.`
          : `${count} in all.`}
      </p>
      <RunsTable
        runs={list.data}
        caption={filters.cursor ? "Runs, newest first (continued)" : "Runs, newest first"}
        empty={hasFilters(filters) ? "No runs match these filters." : "No runs yet."}
      />
      <Pager
        newest={filters.cursor ? filtersHref("/dashboard", withoutCursor) : null}
        older={
          list.nextCursor
            ? filtersHref("/dashboard", { ...withoutCursor, cursor: list.nextCursor })
            : null
        }
      />
    </Layout>
  );
};
