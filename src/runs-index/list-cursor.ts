/**
 * Opaque, stable cursors for `GET /v1/runs`. A cursor is the position of the last run shown
 * — (created_at, id), a total order — plus the query it belongs to. Keyset paging means a
 * run created between two pages is never shown twice and never pushes another off a page.
 */
export interface CursorPosition {
  createdAt: number;
  id: string;
}

interface CursorBody {
  v: 1;
  t: number;
  i: string;
  /** The query (filters and direction) the cursor was issued for. */
  q: string;
}

export function encodeCursor(position: CursorPosition, query: string): string {
  const body: CursorBody = { v: 1, t: position.createdAt, i: position.id, q: query };
  return btoa(JSON.stringify(body)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The position, or null when the cursor is not one of ours or belongs to another query. */
export function decodeCursor(cursor: string, query: string): CursorPosition | null {
  try {
    const json = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const body = JSON.parse(json) as Partial<CursorBody>;
    if (body.v !== 1 || !Number.isSafeInteger(body.t) || typeof body.i !== "string") return null;
    if (body.q !== query) return null;
    return { createdAt: body.t as number, id: body.i };
  } catch {
    return null;
  }
}
