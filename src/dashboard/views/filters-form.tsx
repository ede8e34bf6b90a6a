/**
 * The runs page's filter form: three selects and a goal search, each with its visible
 * label (contract §10's names), applied with a button — a change of selection never
 * reloads the page on its own, so keyboard users can move through the choices.
 */
import { DELIVERY_STATES } from "../../schemas/run-view";
import { RunStatus } from "../../upstream/tinyfish-schemas";
import type { RunFilters } from "../run-filters";
import { DELIVERY_LABELS, OUTCOME_LABELS, STATUS_LABELS } from "./labels";

const OUTCOMES = ["succeeded", "goal_failed", "failed", "cancelled"] as const;

const Choice = (props: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
}) => (
  <div>
    <label for={props.id}>{props.label}</label>
    <select id={props.id} name={props.name}>
      <option value="">Any</option>
      {props.options.map((option) => (
        <option value={option.value} selected={option.value === props.value}>
          {option.label}
        </option>
      ))}
    </select>
  </div>
);

export const FiltersForm = (props: { filters: RunFilters }) => (
  <search aria-label="Filter runs">
    <form method="get" action="/dashboard" class="filters">
      <Choice
        id="filter-status"
        name="status"
        label="Status"
        value={props.filters.status}
        options={RunStatus.options.map((status) => ({
          value: status,
          label: STATUS_LABELS[status],
        }))}
      />
      <Choice
        id="filter-outcome"
        name="outcome"
        label="Outcome"
        value={props.filters.outcome}
        options={OUTCOMES.map((outcome) => ({ value: outcome, label: OUTCOME_LABELS[outcome] }))}
      />
      <Choice
        id="filter-delivery"
        name="delivery"
        label="Delivery"
        value={props.filters.delivery}
        options={DELIVERY_STATES.map((state) => ({ value: state, label: DELIVERY_LABELS[state] }))}
      />
      <div>
        <label for="filter-goal">Goal</label>
        <input id="filter-goal" name="goal" type="search" value={props.filters.goal ?? ""} />
      </div>
      <div class="actions">
        <button type="submit">Apply filters</button>
        <a href="/dashboard">Clear filters</a>
      </div>
    </form>
  </search>
);
