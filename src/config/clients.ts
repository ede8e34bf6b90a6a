/**
 * `FISHHOOK_CLIENTS` (contract §1): the callers let in, with their inbound credentials and
 * the secrets outbound webhooks are signed with. Validated once; a fault is reported by
 * path, never by value, because the values are secrets.
 */
import { z } from "zod";
import { ConfigError } from "./config-error";

const WEBHOOK_SECRET_PREFIX = "whsec_";

const webhookSecret = z
  .string()
  .startsWith(WEBHOOK_SECRET_PREFIX, "must start with whsec_")
  .refine((value) => {
    const key = decodeBase64(value.slice(WEBHOOK_SECRET_PREFIX.length));
    return key !== null && key.length >= 24 && key.length <= 64;
  }, "must be whsec_ followed by the base64 of 24 to 64 bytes");

export const ClientConfig = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "must be 1-64 letters, digits, _ . or -"),
    signing_secrets: z.array(z.string().min(32, "must be at least 32 characters")).default([]),
    api_keys: z.array(z.string().min(16, "must be at least 16 characters")).default([]),
    webhook_secrets: z.array(webhookSecret).min(1, "needs at least one whsec_ secret"),
  })
  .refine((client) => client.signing_secrets.length + client.api_keys.length > 0, {
    message: "signing_secrets and api_keys may not both be empty",
  });
export type ClientConfig = z.infer<typeof ClientConfig>;

export const ClientsConfig = z
  .array(ClientConfig)
  .min(1, "must list at least one client")
  .superRefine((clients, ctx) => {
    const seenIds = new Set<string>();
    const keyOwners = new Map<string, number>();
    clients.forEach((client, index) => {
      if (seenIds.has(client.id)) {
        ctx.addIssue({ code: "custom", path: [index, "id"], message: "duplicate client id" });
      }
      seenIds.add(client.id);
      client.api_keys.forEach((key, keyIndex) => {
        const owner = keyOwners.get(key);
        if (owner !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [index, "api_keys", keyIndex],
            message:
              owner === index
                ? "api key is listed twice"
                : "api key is also listed for another client",
          });
        }
        keyOwners.set(key, index);
      });
    });
  });
export type ClientsConfig = z.infer<typeof ClientsConfig>;

/** Parses the raw JSON; throws ConfigError naming the faulty path, never the value. */
export function parseClients(raw: string | undefined): ClientsConfig {
  if (!raw?.trim()) throw new ConfigError("FISHHOOK_CLIENTS is not set");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError("FISHHOOK_CLIENTS is not valid JSON");
  }
  const parsed = ClientsConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["FISHHOOK_CLIENTS", ...(issue?.path ?? [])]
      .map((part, i) => (typeof part === "number" ? `[${part}]` : i ? `.${String(part)}` : part))
      .join("");
    throw new ConfigError(`${path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Standard base64 (padding optional); null when it is not base64. */
export function decodeBase64(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  try {
    return Uint8Array.from(atob(value), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
