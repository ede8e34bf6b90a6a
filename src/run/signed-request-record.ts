/**
 * What a signed request's own object remembers (contract §2): the signed content of a
 * request names a run object (routes/runs/idempotency.ts), which either holds the run that
 * request created or, as recorded here,
 *
 * - a pointer to the keyed run it was sent for: a create that also carried an
 *   Idempotency-Key lives under the key (so a retry signed anew with that key finds it),
 *   and a replay of the content, without the key or with another, follows the pointer;
 * - or that it was used: a redeliver, whose replay must not send the result again.
 *
 * Either is only needed while the signature is within its window; after that every replay
 * is refused as stale, so the object clears itself with an alarm.
 */
import { SIGNATURE_WINDOW_SECONDS } from "../auth/request-signature";

const RECORD_KEY = "signed_request";

/** A signature dated up to one window ahead is good for up to two; then a margin. */
const RECORD_LIFETIME_MS = (2 * SIGNATURE_WINDOW_SECONDS + 60) * 1000;

type Stored = { pointsTo: string } | { used: true };

export class SignedRequestRecord {
  constructor(private readonly storage: DurableObjectStorage) {}

  /** The keyed run this signed content points to, if it points anywhere. */
  pointsTo(): string | null {
    const stored = this.stored();
    return stored && "pointsTo" in stored ? stored.pointsTo : null;
  }

  /** Whether this signed content was seen before (a pointer or a use). */
  seen(): boolean {
    return this.stored() !== null;
  }

  async pointAt(runId: string, now: number): Promise<void> {
    await this.keep({ pointsTo: runId }, now);
  }

  async markUsed(now: number): Promise<void> {
    await this.keep({ used: true }, now);
  }

  /** Forgets a use that came to nothing (the request was refused): a retry is not a replay. */
  async forget(): Promise<void> {
    this.storage.kv.delete(RECORD_KEY);
    await this.storage.deleteAlarm();
  }

  private async keep(value: Stored, now: number): Promise<void> {
    this.storage.kv.put(RECORD_KEY, value);
    await this.storage.setAlarm(now + RECORD_LIFETIME_MS);
  }

  private stored(): Stored | null {
    const value = this.storage.kv.get(RECORD_KEY);
    return typeof value === "object" && value !== null ? (value as Stored) : null;
  }
}
