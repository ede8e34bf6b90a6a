import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { VERSION } from "../../src/version";
import { call } from "../helpers/requests";
import { cancelClick, commandForm } from "../slack/slack-calls";
import { fetchDocument, type OpenApiDocument, violations } from "./conformance";

const CALLER_OPERATIONS = [
  ["/v1/runs", "post"],
  ["/v1/runs", "get"],
  ["/v1/runs/{id}", "get"],
  ["/v1/runs/{id}/cancel", "post"],
  ["/v1/runs/{id}/deliveries", "get"],
  ["/v1/runs/{id}/redeliver", "post"],
] as const;

const OPEN_OPERATIONS = [
  ["/v1/hooks/tinyfish/{id}", "post"],
  ["/healthz", "get"],
  ["/openapi.json", "get"],
  ["/docs", "get"],
] as const;

const SLACK_OPERATIONS = [
  ["/slack/commands", "post"],
  ["/slack/interactions", "post"],
] as const;

/** A watch link's token, or the caller's own credentials. */
const WATCH_OPERATIONS = [["/v1/runs/{id}/events", "get"]] as const;

const DASHBOARD_OPERATIONS = [["/dashboard", "get"]] as const;

const FORM = "application/x-www-form-urlencoded";

let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await fetchDocument();
});

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document about fishhook, served from where it was asked", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: "fishhook", version: VERSION });
    expect(doc.info.description).toEqual(expect.any(String));
    expect(doc.servers).toEqual([{ url: "https://fishhook.test" }]);
  });

  it("takes the server from the request when PUBLIC_URL is unset", async () => {
    const response = await createApp().request(
      "http://localhost:8787/openapi.json",
      {},
      { ...env, PUBLIC_URL: undefined },
    );
    expect(((await response.json()) as OpenApiDocument).servers).toEqual([
      { url: "http://localhost:8787" },
    ]);
  });

  it("lists every endpoint with its methods, and nothing else", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => [path, method]),
    );
    expect(operations.sort()).toEqual(
      [
        ...CALLER_OPERATIONS,
        ...OPEN_OPERATIONS,
        ...SLACK_OPERATIONS,
        ...WATCH_OPERATIONS,
        ...DASHBOARD_OPERATIONS,
      ].sort(),
    );
  });

  it("describes both ways to authenticate", () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.BearerKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.FishhookSignature).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Fishhook-Signature",
    });
    expect(schemes.FishhookSignature?.description).toContain(
      "{timestamp}.{METHOD}.{path and query}.{raw body}",
    );
    expect(schemes.FishhookClient).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Fishhook-Client",
    });
    expect(schemes.FishhookTimestamp).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Fishhook-Timestamp",
    });
  });

  it("describes Slack's request signing: two headers, HMAC-SHA256, a five-minute window", () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.SlackSignature).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-Slack-Signature",
    });
    expect(schemes.SlackSignature?.description).toContain("v0:{timestamp}:{raw body}");
    expect(schemes.SlackSignature?.description).toContain("SLACK_SIGNING_SECRET");
    expect(schemes.SlackSignature?.description).toContain("300 s");
    expect(schemes.SlackRequestTimestamp).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-Slack-Request-Timestamp",
    });
  });

  it.each(WATCH_OPERATIONS)(
    "takes a watch link's token, a signature or a Bearer key for %s %s",
    (path, method) => {
      expect(doc.paths[path]?.[method]?.security).toEqual([
        { WatchToken: [] },
        { FishhookClient: [], FishhookTimestamp: [], FishhookSignature: [] },
        { BearerKey: [] },
      ]);
      expect(doc.components.securitySchemes.WatchToken).toMatchObject({
        type: "apiKey",
        in: "query",
        name: "token",
      });
      const answer = doc.paths[path]?.[method]?.responses["200"];
      expect(Object.keys(answer?.content ?? {})).toEqual(["text/event-stream"]);
    },
  );

  it.each(CALLER_OPERATIONS)("requires a signature or a Bearer key for %s %s", (path, method) => {
    const operation = doc.paths[path]?.[method];
    expect(operation?.security).toEqual([
      { FishhookClient: [], FishhookTimestamp: [], FishhookSignature: [] },
      { BearerKey: [] },
    ]);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(["401", "500"]));
  });

  it.each(OPEN_OPERATIONS)("asks for no credentials on %s %s", (path, method) => {
    expect(doc.paths[path]?.[method]?.security).toEqual([]);
  });

  it.each(SLACK_OPERATIONS)(
    "requires Slack's signature on %s %s, under the Slack tag",
    (path, method) => {
      const operation = doc.paths[path]?.[method];
      expect(operation?.security).toEqual([{ SlackSignature: [], SlackRequestTimestamp: [] }]);
      expect(operation?.tags).toEqual(["Slack"]);
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual([
        "200",
        "401",
        "404",
        "413",
        "500",
      ]);
      for (const status of ["401", "404", "413", "500"]) {
        expect(operation?.responses[status]?.content?.["application/json"]?.schema).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
      expect(doc.tags.map((tag) => tag.name)).toContain("Slack");
    },
  );

  it("lists the dashboard's entry page, with the session cookie as its credentials", () => {
    const page = doc.paths["/dashboard"]?.get;
    expect(page?.tags).toEqual(["Dashboard"]);
    expect(page?.security).toEqual([{ DashboardSession: [] }]);
    expect(Object.keys(page?.responses ?? {}).sort()).toEqual(["200", "303", "400"]);
    expect(page?.responses["200"]?.content).toHaveProperty("text/html");
    expect(doc.components.securitySchemes.DashboardSession).toMatchObject({
      type: "apiKey",
      in: "cookie",
      name: "__Secure-fishhook_session",
    });
  });

  it("takes a slash command as the form SlashCommandForm, and answers a Slack message", () => {
    const command = doc.paths["/slack/commands"]?.post;
    expect(command?.requestBody?.required).toBe(true);
    expect(Object.keys(command?.requestBody?.content ?? {})).toEqual([FORM]);
    const form = command?.requestBody?.content[FORM]?.schema ?? {};
    expect(form).toEqual({ $ref: "#/components/schemas/SlashCommandForm" });
    expect(violations(doc, form, commandForm("help"))).toEqual([]);
    const { user_id: _, ...withoutUser } = commandForm("help");
    expect(violations(doc, form, withoutUser)).not.toEqual([]);

    const answer = command?.responses["200"]?.content?.["application/json"]?.schema ?? {};
    const help = { response_type: "ephemeral", text: "Help", blocks: [{ type: "divider" }] };
    expect(violations(doc, answer, help)).toEqual([]);
    expect(violations(doc, answer, { ...help, response_type: "in_channel" })).not.toEqual([]);
  });

  it("takes an interaction as a form whose payload is BlockActionsPayload, as JSON", () => {
    const interaction = doc.paths["/slack/interactions"]?.post;
    expect(interaction?.requestBody?.required).toBe(true);
    expect(Object.keys(interaction?.requestBody?.content ?? {})).toEqual([FORM]);
    const media = interaction?.requestBody?.content[FORM];
    expect(media?.encoding).toEqual({ payload: { contentType: "application/json" } });
    const form = media?.schema ?? {};
    expect(doc.components.schemas.InteractionForm).toMatchObject({
      properties: { payload: { $ref: "#/components/schemas/BlockActionsPayload" } },
      required: ["payload"],
    });
    const click = JSON.parse(cancelClick("run_01jf3k8v2m9x4q7w5e6r8t0y1u").payload);
    expect(violations(doc, form, { payload: click })).toEqual([]);
    expect(violations(doc, form, { payload: { ...click, type: "view_submission" } })).not.toEqual(
      [],
    );
    // An acknowledgement, nothing more: the outcome follows on the payload's response_url.
    expect(interaction?.responses["200"]?.content).toBeUndefined();
  });

  it("documents the create headers: Idempotency-Key and Prefer in; Location, Idempotent-Replayed and Preference-Applied out", () => {
    const create = doc.paths["/v1/runs"]?.post;
    expect(create?.parameters).toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key", in: "header", required: false }),
    );
    expect(create?.parameters).toContainEqual(
      expect.objectContaining({ name: "Prefer", in: "header", required: false }),
    );
    expect(Object.keys(create?.responses["202"]?.headers ?? {}).sort()).toEqual([
      "Location",
      "Preference-Applied",
    ]);
    expect(Object.keys(create?.responses["200"]?.headers ?? {}).sort()).toEqual([
      "Idempotent-Replayed",
      "Location",
      "Preference-Applied",
    ]);
    expect(create?.responses["503"]?.headers).toHaveProperty("Retry-After");
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(["400", "409", "413", "415", "422", "502", "503"]),
    );
    expect(doc.paths["/v1/runs/{id}/cancel"]?.post?.responses["503"]?.headers).toHaveProperty(
      "Retry-After",
    );
  });

  it("names the shared shapes as components", () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "Run",
        "Error",
        "CreateRunRequest",
        "DeliveryAttempt",
        "RunList",
        "CancelResult",
        "WebhookEvent",
        "SlashCommandForm",
        "InteractionForm",
        "BlockActionsPayload",
        "SlackMessage",
      ]),
    );
  });

  it("has one webhook per event type, with the Standard Webhooks headers", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([
      "run.cancelled",
      "run.completed",
      "run.failed",
      "run.progress",
      "run.started",
    ]);
    for (const [type, item] of Object.entries(doc.webhooks)) {
      const headers = item.post?.parameters?.filter((p) => p.in === "header").map((p) => p.name);
      expect(headers, type).toEqual(
        expect.arrayContaining(["webhook-id", "webhook-timestamp", "webhook-signature"]),
      );
      expect(item.post?.requestBody?.content["application/json"]?.schema).toBeDefined();
    }
  });
});

describe("the schema check itself", () => {
  // A validator that passed everything would make every conformance test pass.
  it("rejects an answer that breaks the document", () => {
    const run = doc.paths["/v1/runs/{id}"]?.get?.responses["200"]?.content?.["application/json"];
    expect(violations(doc, run?.schema ?? {}, { id: "run_x" })).not.toEqual([]);
    expect(
      violations(
        doc,
        { $ref: "#/components/schemas/Error" },
        {
          error: { code: "no_such_code", message: "x" },
        },
      ),
    ).not.toEqual([]);
    const completed = doc.webhooks["run.completed"]?.post?.requestBody?.content["application/json"];
    expect(
      violations(doc, completed?.schema ?? {}, { type: "run.failed", timestamp: "", data: {} }),
    ).not.toEqual([]);
  });
});

describe("GET /docs", () => {
  it("is an HTML page that renders /openapi.json with files served from fishhook itself", async () => {
    const response = await call(new Request("https://fishhook.test/docs"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('data-document="/openapi.json"');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) expect(source).toMatch(/^\/docs\//);
  });

  it("allows only its own origin in its Content-Security-Policy", async () => {
    const response = await call(new Request("https://fishhook.test/docs"));
    const policy = response.headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  });

  it.each([
    // The package's files byte for byte (bundled as text, not as code).
    [
      "swagger-ui-bundle.js",
      /^text\/javascript/,
      "/*! For license information please see swagger-ui-bundle.js.LICENSE.txt */",
    ],
    ["swagger-ui.css", /^text\/css/, ".swagger-ui{"],
    ["start.js", /^text\/javascript/, "SwaggerUIBundle("],
  ])("serves %s", async (file, type, marker) => {
    const response = await call(new Request(`https://fishhook.test/docs/${file}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(type);
    expect(await response.text()).toContain(marker);
  });

  it.each(["constructor", "index.html", "swagger-ui-bundle.js.map"])(
    "answers 404 for /docs/%s",
    async (file) => {
      const response = await call(new Request(`https://fishhook.test/docs/${file}`));
      expect(response.status).toBe(404);
    },
  );
});
