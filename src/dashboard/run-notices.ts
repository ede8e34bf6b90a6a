/**
 * What an action on a run's page did, said on the page it redirects to (`?done=…`). Only
 * these fixed messages can appear: the query string chooses one, it never supplies text.
 */
import type { NoticeMessage } from "./views/notice";

export const RUN_NOTICES = {
  cancelled: { tone: "ok", text: "The run was cancelled." },
  already_cancelled: { tone: "info", text: "The run was already cancelled." },
  already_finished: { tone: "info", text: "The run had already finished; nothing was cancelled." },
  cancel_unavailable: {
    tone: "bad",
    text: "TinyFish could not be asked to cancel the run; nothing changed. Try again shortly.",
  },
  cancel_refused: {
    tone: "bad",
    text: "TinyFish refused the relay's API key, so the run could not be cancelled. The operator must fix the key.",
  },
  redelivered: { tone: "ok", text: "The run's result is being sent again." },
  not_terminal: { tone: "info", text: "The run has not finished; there is no result to send yet." },
  no_webhook: { tone: "info", text: "This run has no webhook to deliver to." },
} as const satisfies Record<string, NoticeMessage>;

export type RunNotice = keyof typeof RUN_NOTICES;

export function runNotice(code: string | undefined): NoticeMessage | null {
  return code !== undefined && Object.hasOwn(RUN_NOTICES, code)
    ? RUN_NOTICES[code as RunNotice]
    : null;
}
