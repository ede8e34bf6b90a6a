/**
 * A simulator on a fake clock with a recording webhook receiver, and small helpers that
 * check every answer against TinyFish's schemas (so the tests also prove the simulator
 * speaks the documented shapes).
 */
import { expect } from "vitest";
import type { SimulatorOptions } from "../../src/simulator";
import { createSimulator } from "../../src/simulator";
import type {
  RunAsyncRequest,
  UpstreamCallback,
  UpstreamRun,
} from "../../src/upstream/tinyfish-schemas";
import {
  ApiErrorBody,
  RunAsyncResponse,
  UpstreamCallback as UpstreamCallbackSchema,
  UpstreamRun as UpstreamRunSchema,
} from "../../src/upstream/tinyfish-schemas";

export const API_KEY = "sk-test-key";
export const T0 = Date.parse("2026-01-14T10:00:00.000Z");

export interface ReceivedCallback {
  url: string;
  at: number;
  contentType: string | null;
  body: UpstreamCallback;
}

export function harness(options: Partial<SimulatorOptions> = {}) {
  let clock = T0;
  const received: ReceivedCallback[] = [];
  // What the fake receiver answers next: a status, or an Error to throw (a network failure).
  const answers: Array<number | Error> = [];
  const sim = createSimulator({
    apiKey: API_KEY,
    now: () => clock,
    fetch: async (request) => {
      const body = UpstreamCallbackSchema.parse(await request.json());
      received.push({
        url: request.url,
        at: clock,
        contentType: request.headers.get("content-type"),
        body,
      });
      const answer = answers.shift() ?? 200;
      if (answer instanceof Error) throw answer;
      return new Response(null, { status: answer });
    },
    ...options,
  });

  function api(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("x-api-key")) headers.set("x-api-key", API_KEY);
    return Promise.resolve(sim.app.request(path, { ...init, headers }));
  }

  function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("content-type", "application/json");
    return api(path, { ...init, method: "POST", headers, body: JSON.stringify(body) });
  }

  async function createRun(fields: Partial<RunAsyncRequest> = {}): Promise<string> {
    const response = await post("/v1/automation/run-async", {
      url: "https://example.com",
      goal: "Find the price",
      ...fields,
    });
    expect(response.status).toBe(200);
    const body = RunAsyncResponse.parse(await response.json());
    expect(body.error).toBeNull();
    expect(body.run_id).toEqual(expect.any(String));
    return body.run_id ?? "";
  }

  async function getRun(id: string, query = ""): Promise<UpstreamRun> {
    const response = await api(`/v1/runs/${id}${query}`);
    expect(response.status).toBe(200);
    return UpstreamRunSchema.parse(await response.json());
  }

  return {
    sim,
    received,
    answers,
    api,
    post,
    createRun,
    getRun,
    now: () => clock,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** Asserts a TinyFish API error and returns its body. */
export async function expectApiError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = ApiErrorBody.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error;
}
