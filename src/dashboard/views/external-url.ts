/**
 * A link the dashboard draws from someone else's text (TinyFish's live view and recording
 * URLs): only an absolute http(s) URL becomes a link. Escaping stops markup; this stops a
 * `javascript:` or `data:` URL from running when clicked.
 */
export function externalHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
