/** Reading the dashboard's HTML in tests: what a person would see, without a browser. */

/** The run ids the page's table lists, in order. */
export function listedRunIds(page: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? "";
  return [
    ...body.matchAll(/<th scope="row"><a class="mono" href="\/dashboard\/runs\/(run_[a-z0-9]+)">/g),
  ].map((match) => match[1]!);
}

/** The page's text, tags removed and entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The `href` of the first link whose text is `text`, or null. */
export function linkTo(page: string, text: string): string | null {
  for (const match of page.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    if (textOf(match[2]!) === text) return match[1]!.replaceAll("&amp;", "&");
  }
  return null;
}

/** Whether the page has a button with exactly this name. */
export function hasButton(page: string, name: string): boolean {
  return [...page.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].some(
    (match) => textOf(match[1]!) === name,
  );
}
