/**
 * The index's one table, and bringing an older one up to date. Each run is one row: the
 * columns it is filtered, sorted and counted on, and its run object as JSON.
 *
 * `outcome`, `first_attempt_ok` and `delivery_lag_ms` came with the dashboard: the outcome
 * filter and the health panel read them without parsing a single run object. They add
 * about 20 bytes to a row and no index of their own (the health panel reads one day of
 * rows through `runs_by_creation`).
 */

const COLUMNS_ADDED_LATER: readonly { name: string; type: string }[] = [
  { name: "outcome", type: "TEXT" },
  { name: "first_attempt_ok", type: "INTEGER" },
  { name: "delivery_lag_ms", type: "INTEGER" },
];

export function prepareIndexTable(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    goal_lower TEXT NOT NULL,
    delivery_state TEXT NOT NULL,
    version INTEGER NOT NULL,
    view TEXT NOT NULL,
    outcome TEXT,
    first_attempt_ok INTEGER,
    delivery_lag_ms INTEGER
  )`);
  sql.exec("CREATE INDEX IF NOT EXISTS runs_by_creation ON runs (created_at, id)");

  const present = new Set(
    sql
      .exec<{ name: string }>("SELECT name FROM pragma_table_info('runs')")
      .toArray()
      .map((column) => column.name),
  );
  for (const column of COLUMNS_ADDED_LATER) {
    if (present.has(column.name)) continue;
    sql.exec(`ALTER TABLE runs ADD COLUMN ${column.name} ${column.type}`);
    // Runs listed before the column existed: what their stored run object says, if anything.
    if (column.name === "outcome") {
      sql.exec("UPDATE runs SET outcome = json_extract(view, '$.outcome')");
    }
  }
}
