/**
 * What a person typed after `/tinyfish`, read into one of the commands — or into the
 * reason it is not one, so the answer can say what to fix.
 */
import { z } from "zod";
import { isRunId } from "../run/ids";
import { RunFields } from "../upstream/tinyfish-schemas";

export type SlackCommand =
  | { kind: "help" }
  | { kind: "start"; url: string; goal: string }
  | { kind: "status"; runId: string }
  | { kind: "cancel"; runId: string }
  | { kind: "invalid"; problem: string };

const StartFields = z.object({ url: RunFields.url, goal: RunFields.goal });

export function parseCommandText(raw: string): SlackCommand {
  const text = raw.trim();
  const [first = "", ...rest] = text.split(/\s+/);
  const remainder = text.slice(first.length).trim();
  const word = first.toLowerCase();

  if (word === "" || word === "help") return { kind: "help" };
  if (word === "status" || word === "cancel") return runCommand(word, rest);

  const url = asUrl(first);
  if (typeof url !== "string") return { kind: "invalid", problem: url.problem };
  if (remainder === "") {
    return { kind: "invalid", problem: "Say what TinyFish should do there, after the address." };
  }
  const parsed = StartFields.safeParse({ url, goal: remainder });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: "invalid",
      problem: `The ${String(issue?.path[0] ?? "command")} ${issue?.message}.`,
    };
  }
  return { kind: "start", ...parsed.data };
}

function runCommand(word: "status" | "cancel", rest: string[]): SlackCommand {
  const id = rest[0];
  if (!id) return { kind: "invalid", problem: `Which run? Give its id: ${word} run_…` };
  if (rest.length > 1 || !isRunId(id)) {
    return {
      kind: "invalid",
      problem: `"${rest.join(" ")}" is not a run id (they look like run_…).`,
    };
  }
  return { kind: word, runId: id };
}

/**
 * Slack may send a link as `<https://…>` or `<https://…|label>`; people type `example.com`.
 * Anything with a scheme must be http(s); a bare host name gets https.
 */
function asUrl(token: string): string | { problem: string } {
  const unwrapped = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(token)?.[1] ?? token;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(unwrapped)) {
    if (!/^https?:/i.test(unwrapped)) {
      return { problem: `TinyFish can only visit http:// and https:// addresses, not "${token}".` };
    }
    return URL.canParse(unwrapped)
      ? unwrapped
      : { problem: `"${token}" is not a valid web address.` };
  }
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$/i.test(unwrapped)) {
    return `https://${unwrapped}`;
  }
  return {
    problem: `"${token}" is not a command or a web address. Start with the page to visit.`,
  };
}
