/**
 * What Slack POSTs, as `application/x-www-form-urlencoded`: a slash command's fields, or an
 * interaction's `payload` (JSON). Only the fields fishhook uses are checked.
 */
import { z } from "zod";

export const SlashCommandForm = z.object({
  command: z.string().default("/tinyfish"),
  text: z.string().default(""),
  user_id: z.string(),
  user_name: z.string().default(""),
  channel_id: z.string(),
  channel_name: z.string().default(""),
  team_id: z.string(),
  response_url: z.string(),
  trigger_id: z.string().optional(),
});
export type SlashCommandForm = z.infer<typeof SlashCommandForm>;

export const BlockActionsPayload = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: z.string() }),
  team: z.looseObject({ id: z.string() }).nullish(),
  response_url: z.string().optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })),
});
export type BlockActionsPayload = z.infer<typeof BlockActionsPayload>;

export function formFields(body: Uint8Array): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
}

/** The interaction's `payload` field, parsed; null for anything fishhook does not act on. */
export function blockActions(body: Uint8Array): BlockActionsPayload | null {
  const raw = formFields(body).payload;
  if (raw === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = BlockActionsPayload.safeParse(json);
  return parsed.success ? parsed.data : null;
}
