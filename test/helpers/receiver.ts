/**
 * A webhook receiver in process: records every request and answers from a script
 * (default 204), so tests can make it fail, redirect, go away or recover.
 */
export interface ReceivedWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> & { id: string } };
}

export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { fail: "timeout" | "connection" };

export class Receiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers: ScriptedAnswer[] = [];

  /** Answers the next requests, in order, with these; then 204 again. */
  answerWith(...answers: ScriptedAnswer[]): void {
    this.answers.push(...answers);
  }

  byRun(runId: string): ReceivedWebhook[] {
    return this.received.filter((hook) => hook.json.data.id === runId);
  }

  handle = async (request: Request): Promise<Response> => {
    const body = await request.text();
    this.received.push({
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
      json: JSON.parse(body),
    });
    const answer = this.answers.shift() ?? { status: 204 };
    if ("fail" in answer) {
      throw answer.fail === "timeout"
        ? new DOMException("The operation was aborted due to timeout", "TimeoutError")
        : new TypeError("Network connection lost.");
    }
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
  };
}
