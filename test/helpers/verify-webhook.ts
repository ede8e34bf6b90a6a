/**
 * Verifies a received webhook with the `standardwebhooks` package — a verifier nobody here
 * wrote. Its timestamp check reads Date.now(), so the test clock's time is lent to it.
 */
import { Webhook } from "standardwebhooks";
import { vi } from "vitest";
import type { FakeClock } from "./fake-clock";
import type { ReceivedWebhook } from "./receiver";

export function verifyWebhook(hook: ReceivedWebhook, secret: string, clock: FakeClock): unknown {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(clock.now());
  try {
    return new Webhook(secret).verify(hook.body, hook.headers);
  } finally {
    vi.useRealTimers();
  }
}
