/** How figures read in the table: milliseconds under a second, seconds above. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "–";
  if (Math.abs(ms) < 10) return `${ms.toFixed(1)} ms`;
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatKb(kb: number): string {
  return kb >= 1024 * 10 ? `${Math.round(kb / 1024)} MiB` : `${kb.toFixed(0)} KiB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en");
}
