/**
 * One Durable Object per dashboard session, named by the SHA-256 of the session's secret
 * (the cookie's value), so only the browser holding the secret can reach it and the secret
 * itself is stored nowhere. It holds who signed in and the session's anti-forgery token,
 * answers nothing once expired, and erases itself at expiry or sign-out.
 */
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../../env";
import { runtime } from "../../runtime";

export const SessionState = z.object({
  clientId: z.string(),
  /** SHA-256 (hex) of the API key signed in with: a session ends when its key is removed. */
  keyDigest: z.string(),
  /** The per-session anti-forgery token every state-changing form carries. */
  csrfToken: z.string(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type SessionState = z.infer<typeof SessionState>;

const STATE_KEY = "session";

export class DashboardSession extends DurableObject<Env> {
  async open(state: SessionState): Promise<void> {
    this.ctx.storage.kv.put(STATE_KEY, state);
    await this.ctx.storage.setAlarm(state.expiresAt);
  }

  /** The session while it lasts; null once it has expired or ended. */
  async find(): Promise<SessionState | null> {
    const raw = this.ctx.storage.kv.get(STATE_KEY);
    if (raw === undefined) return null;
    const parsed = SessionState.safeParse(raw);
    if (!parsed.success || parsed.data.expiresAt <= runtime().now()) {
      await this.erase();
      return null;
    }
    return parsed.data;
  }

  async end(): Promise<void> {
    await this.erase();
  }

  override async alarm(): Promise<void> {
    // find() erases an expired session; a live one (a clock that ran early) re-arms.
    const session = await this.find();
    if (session) await this.ctx.storage.setAlarm(session.expiresAt);
  }

  private async erase(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }
}
