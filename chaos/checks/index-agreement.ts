/** The index agrees with every run: status, outcome, delivery state; the dead-letter list. */
import type { RunViewLite, Snapshot } from "../collect";
import type { Counts, Finding, VisibleRun } from "./shared";

export function checkIndex(
  visible: VisibleRun[],
  snapshot: Snapshot,
  violations: Finding[],
): Counts {
  const c: Counts = {
    listed: snapshot.index.size,
    agree: 0,
    disagree: 0,
    missing_from_index: 0,
    listed_not_found: 0,
    listed_under_wrong_client: 0,
  };
  for (const { view, client } of visible) {
    const listed = snapshot.index.get(view.id);
    if (!listed) {
      c.missing_from_index!++;
      violations.push({ check: "index agrees", id: view.id, detail: "not in the index" });
      continue;
    }
    if (listed.client.id !== client.id) c.listed_under_wrong_client!++;
    const fields = (v: RunViewLite) => [v.status, v.outcome, v.delivery.state];
    if (JSON.stringify(fields(listed.view)) === JSON.stringify(fields(view))) {
      c.agree!++;
    } else {
      c.disagree!++;
      violations.push({
        check: "index agrees",
        id: view.id,
        tag: view.metadata.chaos_tag,
        detail: `index ${fields(listed.view).join("/")}, GET ${fields(view).join("/")}`,
      });
    }
  }
  // The dead-letter queue (delivery_state=exhausted) is exactly the exhausted runs.
  const exhausted = new Set(
    visible.filter((r) => r.view.delivery.state === "exhausted").map((r) => r.view.id),
  );
  c.dead_letter_listed = snapshot.deadLetters.size;
  const mismatched =
    [...exhausted].filter((id) => !snapshot.deadLetters.has(id)).length +
    [...snapshot.deadLetters].filter((id) => !exhausted.has(id)).length;
  if (mismatched > 0) {
    violations.push({
      check: "index agrees",
      detail: `delivery_state=exhausted lists ${snapshot.deadLetters.size} runs; ${exhausted.size} are exhausted; ${mismatched} differ`,
    });
  }
  for (const [id] of snapshot.index) {
    if (!snapshot.runs.get(id)?.view) {
      c.listed_not_found!++;
      violations.push({ check: "index agrees", id, detail: "listed, but GET does not find it" });
    }
  }
  if (c.listed_under_wrong_client) {
    violations.push({
      check: "isolation",
      detail: `${c.listed_under_wrong_client} runs listed under another client`,
    });
  }
  return c;
}
