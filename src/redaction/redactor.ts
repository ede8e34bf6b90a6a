/**
 * Removes every configured secret from text fishhook is about to send, store or log: the one
 * place that knows what a secret looks like (see secret-forms.ts). Each outbound path calls
 * it where the text leaves — answers (redact-answers.ts), log lines (console-guard.ts),
 * events and delivery attempts (run storage) and TinyFish's answers where they come in —
 * so it does not matter which code built the text.
 */
import { secretForms } from "./secret-forms";

export const REDACTED = "[redacted]";

/** A cut-off tail this long that begins a secret is masked too (see `clipped`). */
const MIN_MASKED_TAIL = 8;

/** How deep `value` copies; deeper parts are replaced (logs only: parsed JSON is revived). */
const MAX_VALUE_DEPTH = 64;

export class Redactor {
  static readonly NONE = new Redactor([]);

  private readonly forms: readonly string[];
  private readonly pattern: RegExp | null;
  /** The same alternatives, matched only at `lastIndex` (for a stream's careful end). */
  private readonly sticky: RegExp | null;
  private readonly longest: number;

  constructor(readonly secrets: readonly string[]) {
    this.forms = secretForms(secrets);
    const escaped = this.forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    this.pattern = escaped.length ? new RegExp(escaped.join("|"), "g") : null;
    this.sticky = escaped.length ? new RegExp(escaped.join("|"), "y") : null;
    this.longest = this.forms[0]?.length ?? 0;
  }

  /** False when there is nothing to look for (no secret configured). */
  get active(): boolean {
    return this.pattern !== null;
  }

  /** Whether `text` holds a secret in any spelling. */
  finds(text: string): boolean {
    if (!this.pattern) return false;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text);
  }

  /** Plain text: each secret becomes `[redacted]`. */
  text(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }

  /**
   * JSON text, kept valid: a secret inside a string becomes `[redacted]`, one anywhere else
   * (a secret of digits inside a number) the string `"[redacted]"`.
   */
  json(text: string): string {
    if (!this.pattern) return text;
    let out = "";
    let copied = 0;
    let scanned = 0;
    let inString = false;
    let escaped = false;
    const scanTo = (end: number) => {
      for (; scanned < end; scanned++) {
        const char = text.charCodeAt(scanned);
        if (escaped) escaped = false;
        else if (inString && char === 0x5c) escaped = true;
        else if (char === 0x22) inString = !inString;
      }
    };
    for (const match of text.matchAll(this.pattern)) {
      scanTo(match.index);
      // A match that begins with an escaped character takes its backslash along.
      const start = escaped ? match.index - 1 : match.index;
      out += text.slice(copied, start) + (inString ? REDACTED : JSON.stringify(REDACTED));
      copied = match.index + match[0].length;
      scanTo(copied);
    }
    return out + text.slice(copied);
  }

  /**
   * Text cut to a length (the first 1 KiB of a receiver's answer): whole secrets are removed,
   * and a tail that is the beginning of one is masked too.
   */
  clipped(text: string): string {
    const clean = this.text(text);
    const start = this.pendingSecretStart(clean);
    return start !== null && clean.length - start >= MIN_MASKED_TAIL
      ? `${clean.slice(0, start)}${REDACTED}`
      : clean;
  }

  /** A copy of a JSON-like value with every string, key and number checked; for logs. */
  value(value: unknown, depth = 0): unknown {
    if (typeof value === "string") return this.text(value);
    if (typeof value === "number" || typeof value === "bigint") {
      return this.finds(String(value)) ? REDACTED : value;
    }
    if (typeof value !== "object" || value === null) return value;
    if (depth >= MAX_VALUE_DEPTH) return "[too deep]";
    if (Array.isArray(value)) return value.map((item) => this.value(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [this.text(key), this.value(item, depth + 1)]),
    );
  }

  /**
   * A stream of UTF-8 text, redacted as it flows and never buffered whole (a live event
   * stream never ends). Only a tail that could be the start of a secret waits for the next
   * chunk; an event ending in a blank line leaves nothing behind.
   */
  stream(): TransformStream<Uint8Array, Uint8Array> {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let pending = "";
    return new TransformStream({
      transform: (chunk, controller) => {
        const text = pending + decoder.decode(chunk, { stream: true });
        const keep = this.heldBack(text);
        pending = text.slice(keep);
        const ready = this.text(text.slice(0, keep));
        if (ready) controller.enqueue(encoder.encode(ready));
      },
      flush: (controller) => {
        const rest = this.text(pending + decoder.decode());
        if (rest) controller.enqueue(encoder.encode(rest));
      },
    });
  }

  /**
   * How much of `text` can be redacted now: the scan a whole-text redaction would make,
   * up to the first position whose outcome the next chunk could change — where what
   * follows is the beginning of a (longer spelling of a) secret. Everything before it is
   * redacted exactly as the whole text would be.
   */
  private heldBack(text: string): number {
    if (!this.pattern || !this.sticky) return text.length;
    // Before this point, any secret that could start has to end inside `text`.
    const horizon = Math.max(0, text.length - this.longest + 1);
    let at = 0;
    for (const match of text.matchAll(this.pattern)) {
      if (match.index >= horizon) break;
      at = match.index + match[0].length;
    }
    at = Math.max(at, horizon);
    while (at < text.length) {
      if (this.beginsSecret(text, at)) return at;
      this.sticky.lastIndex = at;
      const match = this.sticky.exec(text);
      at += match ? match[0].length : 1;
    }
    return text.length;
  }

  /** The earliest index where the rest of `text` is the beginning of a secret, or null. */
  private pendingSecretStart(text: string): number | null {
    for (let at = Math.max(0, text.length - this.longest + 1); at < text.length; at++) {
      if (this.beginsSecret(text, at)) return at;
    }
    return null;
  }

  /** Whether `text` from `at` on is a proper beginning of some spelling of a secret. */
  private beginsSecret(text: string, at: number): boolean {
    const rest = text.length - at;
    const first = text.charCodeAt(at);
    return this.forms.some(
      (form) =>
        form.length > rest && form.charCodeAt(0) === first && form.startsWith(text.slice(at)),
    );
  }
}
