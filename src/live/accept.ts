/**
 * Whether a request asks for an event stream (`Accept: text/event-stream`, contract §3):
 * listed with a quality above zero, and not ranked below JSON.
 */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = new Map<string, number>();
  for (const range of accept.split(",")) {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    quality.set(type, q ? Number(q.slice(2)) || 0 : 1);
  }
  const stream = quality.get("text/event-stream") ?? 0;
  return stream > 0 && stream >= (quality.get("application/json") ?? 0);
}
