/**
 * Failed dashboard sign-ins, one Durable Object per source address (an IPv6 /64 counts as
 * one address). After MAX_FAILURES failures within WINDOW_MS every sign-in from there is
 * refused — a right key too, so guessing cannot go on — until the oldest of them is
 * WINDOW_MS old. A success does not reset the count: a client's own key must not buy
 * another round of guesses at someone else's. The object erases itself once idle.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../env";
import { requestHeader } from "../../http/request-header";
import { runtime } from "../../runtime";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

const FAILURES_KEY = "failures";

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SignInThrottle extends DurableObject<Env> {
  async check(): Promise<ThrottleVerdict> {
    return verdict(this.recent(runtime().now()), runtime().now());
  }

  /** Counts a failure and says whether the next attempt may go ahead. */
  async recordFailure(): Promise<ThrottleVerdict> {
    const now = runtime().now();
    const failures = [...this.recent(now), now].slice(-MAX_FAILURES);
    this.ctx.storage.kv.put(FAILURES_KEY, failures);
    await this.ctx.storage.setAlarm(now + WINDOW_MS);
    return verdict(failures, now);
  }

  override async alarm(): Promise<void> {
    const now = runtime().now();
    const recent = this.recent(now);
    if (recent.length === 0) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(Math.max(...recent) + WINDOW_MS);
  }

  /** Failures still inside the window, oldest first. */
  private recent(now: number): number[] {
    const stored = this.ctx.storage.kv.get(FAILURES_KEY);
    const failures = Array.isArray(stored) ? stored.filter((at) => typeof at === "number") : [];
    return failures.filter((at) => at > now - WINDOW_MS);
  }
}

function verdict(failures: number[], now: number): ThrottleVerdict {
  const oldest = failures[0];
  if (failures.length < MAX_FAILURES || oldest === undefined) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)),
  };
}

/** Where a sign-in comes from, as the throttle counts it. */
export function throttleKey(c: { req: { raw: Request } }): string {
  const address = requestHeader(c, "CF-Connecting-IP") ?? "";
  if (!address) return "address:unknown";
  if (!address.includes(":")) return `address:${address}`;
  // IPv6: one subscriber usually holds a whole /64.
  return `address:${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(0, missing) }, () => "0"), ...right];
}

type ThrottleApi = Pick<SignInThrottle, "check" | "recordFailure">;

export function throttleFor(env: Env, c: { req: { raw: Request } }): ThrottleApi {
  return env.SIGN_IN_THROTTLE.get(env.SIGN_IN_THROTTLE.idFromName(throttleKey(c)));
}
