/**
 * Slack, faked at the fetch boundary: `hooks.slack.com` (response_urls) and `slack.com`'s
 * Web API (`chat.postMessage`). Records every post; answers from a script, else as Slack
 * does when all is well.
 */
import type { World } from "../helpers/world";

export interface SlackPost {
  url: string;
  headers: Record<string, string>;
  json: SlackJson;
}

/** A Slack message as JSON; tests match on it rather than walk its types. */
export type SlackJson = Record<string, unknown> & { text?: string; blocks?: unknown[] };

type Answer = { status: number; body?: string } | { fail: "connection" };

export class FakeSlack {
  readonly responseUrlPosts: SlackPost[] = [];
  readonly apiCalls: SlackPost[] = [];
  private readonly hookAnswers: Answer[] = [];
  private readonly apiAnswers: Answer[] = [];

  constructor(world: World) {
    world.routes.set("hooks.slack.com", (request) =>
      this.record(request, this.responseUrlPosts, this.hookAnswers, "ok"),
    );
    world.routes.set("slack.com", (request) =>
      this.record(request, this.apiCalls, this.apiAnswers, '{"ok":true,"channel":"C1","ts":"1"}'),
    );
  }

  /** The next response_url posts get these answers, in order; then 200 "ok". */
  answerHooksWith(...answers: Answer[]): void {
    this.hookAnswers.push(...answers);
  }

  /** The next Web API calls get these answers, in order; then 200 `{"ok": true}`. */
  answerApiWith(...answers: Answer[]): void {
    this.apiAnswers.push(...answers);
  }

  /** Posts to one response_url (one command's, or one button's). */
  postsTo(url: string): SlackPost[] {
    return this.responseUrlPosts.filter((post) => post.url === url);
  }

  private async record(
    request: Request,
    log: SlackPost[],
    answers: Answer[],
    okBody: string,
  ): Promise<Response> {
    const text = await request.text();
    log.push({
      url: request.url,
      headers: Object.fromEntries(request.headers),
      json: JSON.parse(text) as SlackJson,
    });
    const answer = answers.shift() ?? { status: 200, body: okBody };
    if ("fail" in answer) throw new TypeError("Network connection lost.");
    return new Response(answer.body ?? null, { status: answer.status });
  }
}
