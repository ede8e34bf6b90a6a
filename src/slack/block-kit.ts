/**
 * The little of Slack's Block Kit fishhook uses, with Slack's size limits and its mrkdwn
 * escaping. Slack refuses a whole message when one block is over a limit, so every text
 * that comes from a run (goal, result, error) goes through `clip`.
 */
import { z } from "@hono/zod-openapi";

export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextText: 2000,
  blocks: 50,
  /** The notification fallback (`text`); Slack allows far more, nobody reads it. */
  fallbackText: 300,
} as const;

// Schemas so /openapi.json can show Slack's answers; fishhook builds messages, never parses them.
export const TextObject = z
  .object({
    type: z.enum(["plain_text", "mrkdwn"]),
    text: z.string(),
    emoji: z.boolean().optional(),
  })
  .openapi("SlackText");
export type TextObject = z.infer<typeof TextObject>;

export const ButtonElement = z
  .object({
    type: z.literal("button"),
    action_id: z.string(),
    value: z.string(),
    text: TextObject,
    style: z.enum(["primary", "danger"]).optional(),
  })
  .openapi("SlackButton");
export type ButtonElement = z.infer<typeof ButtonElement>;

export const Block = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("header"), text: TextObject }),
    z.object({
      type: z.literal("section"),
      text: TextObject.optional(),
      fields: z.array(TextObject).optional(),
    }),
    z.object({ type: z.literal("context"), elements: z.array(TextObject) }),
    z.object({ type: z.literal("actions"), elements: z.array(ButtonElement) }),
    z.object({ type: z.literal("divider") }),
  ])
  .openapi("SlackBlock");
export type Block = z.infer<typeof Block>;

/** A message as fishhook stores and posts it; the delivery adds where and how it shows. */
export const SlackMessage = z
  .object({ text: z.string(), blocks: z.array(Block) })
  .openapi("SlackMessage");
export type SlackMessage = z.infer<typeof SlackMessage>;

/** Slack's three control characters; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to `max` characters with an ellipsis, never inside an entity or a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/&[a-z]{0,4}$/, "")}…`;
}

/** `<url|label>`, with the characters that would end the link percent-encoded. */
export function link(url: string, label: string): string {
  const safe = url.replace(/[<>|]/g, (char) => encodeURIComponent(char)).replace(/&/g, "&amp;");
  return `<${safe}|${escapeMrkdwn(label)}>`;
}

export const mrkdwn = (text: string): TextObject => ({ type: "mrkdwn", text });

export const section = (text: string): Block => ({
  type: "section",
  text: mrkdwn(clip(text, LIMITS.sectionText)),
});

export const context = (text: string): Block => ({
  type: "context",
  elements: [mrkdwn(clip(text, LIMITS.contextText))],
});

export const header = (text: string): Block => ({
  type: "header",
  text: { type: "plain_text", text: clip(text, LIMITS.headerText), emoji: true },
});

export function cancelButton(runId: string): Block {
  return {
    type: "actions",
    elements: [
      {
        type: "button",
        action_id: CANCEL_ACTION_ID,
        value: runId,
        style: "danger",
        text: { type: "plain_text", text: "Cancel run", emoji: true },
      },
    ],
  };
}

export const CANCEL_ACTION_ID = "cancel_run";

export function message(text: string, blocks: Block[]): SlackMessage {
  return { text: clip(text, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocks) };
}
