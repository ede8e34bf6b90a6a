/**
 * Checks real answers against /openapi.json as the Worker serves it. The request's URL must
 * match one of the document's paths, the answer's status must be documented for that
 * operation, its JSON body must validate against the documented schema ($refs resolved
 * against the document's components), and its headers must be the documented ones.
 */
import { type Schema, Validator } from "@cfworker/json-schema";
import { expect } from "vitest";
import { BASE, call } from "../helpers/requests";

interface HeaderDoc {
  required?: boolean;
  schema: Schema;
}

interface ParameterDoc extends HeaderDoc {
  name: string;
  in: string;
}

interface MediaDoc {
  schema: Schema;
}

export interface OperationDoc {
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: ParameterDoc[];
  requestBody?: {
    required?: boolean;
    content: Record<string, MediaDoc & { encoding?: Record<string, { contentType?: string }> }>;
  };
  responses: Record<
    string,
    { headers?: Record<string, HeaderDoc>; content?: Record<string, MediaDoc> }
  >;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, OperationDoc>>;
  webhooks: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
}

export async function fetchDocument(): Promise<OpenApiDocument> {
  const response = await call(new Request(`${BASE}/openapi.json`));
  expect(response.status).toBe(200);
  return response.json();
}

/** Violations of `schema` by `value`, as readable lines; empty when it conforms. */
export function violations(doc: OpenApiDocument, schema: Schema, value: unknown): string[] {
  // The validator marks the schemas it walks, so each gets its own copy of the components.
  const root = structuredClone({ ...schema, components: doc.components });
  const result = new Validator(root, "2020-12", false).validate(value);
  return result.errors.map((e) => `${e.instanceLocation}: ${e.error} (${e.keywordLocation})`);
}

/** The document's path template the URL's path matches, e.g. `/v1/runs/{id}/cancel`. */
export function pathTemplateOf(doc: OpenApiDocument, url: string): string {
  const path = new URL(url).pathname;
  const match = Object.keys(doc.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^/]+\}/g, "[^/]+")}$`).test(path),
  );
  if (!match) throw new Error(`no path in the document matches ${path}`);
  return match;
}

export interface CheckedAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** Checks one answer against the operation the request names; returns it, body parsed. */
export async function expectConforming(
  doc: OpenApiDocument,
  request: Pick<Request, "method" | "url">,
  response: Response,
): Promise<CheckedAnswer> {
  const template = pathTemplateOf(doc, request.url);
  const operation = doc.paths[template]?.[request.method.toLowerCase()];
  const where = `${request.method} ${template} → ${response.status}`;
  expect(operation, `${request.method} ${template} is documented`).toBeDefined();
  const documented = operation?.responses[String(response.status)];
  expect(documented, `${where} is documented`).toBeDefined();

  const text = await response.text();
  const json = text === "" ? undefined : JSON.parse(text);
  if (documented?.content === undefined) {
    // Documented without content (Slack's bare acknowledgement): the body must be empty.
    expect(text, `${where} has no body`).toBe("");
  } else {
    const media = documented.content["application/json"];
    expect(media, `${where} documents a JSON body`).toBeDefined();
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(violations(doc, media?.schema ?? {}, json), `${where} body`).toEqual([]);
  }

  for (const [name, header] of Object.entries(documented?.headers ?? {})) {
    const value = response.headers.get(name);
    if (value === null) {
      expect(header.required, `${where} sends required header ${name}`).not.toBe(true);
      continue;
    }
    expect(violations(doc, header.schema, value), `${where} header ${name}`).toEqual([]);
  }
  return { status: response.status, headers: response.headers, json };
}

/** Sends the request to the Worker and checks the answer. */
export async function callConforming(
  doc: OpenApiDocument,
  request: Request,
): Promise<CheckedAnswer> {
  const { method, url } = request;
  return expectConforming(doc, { method, url }, await call(request));
}

/** Checks a webhook fishhook sent against the document's `webhooks` entry for its type. */
export function expectConformingWebhook(
  doc: OpenApiDocument,
  hook: { headers: Record<string, string>; json: { type: string } },
): void {
  const operation = doc.webhooks[hook.json.type]?.post;
  expect(operation, `webhook ${hook.json.type} is documented`).toBeDefined();
  const schema = operation?.requestBody?.content["application/json"]?.schema ?? {};
  expect(violations(doc, schema, hook.json), `${hook.json.type} body`).toEqual([]);
  for (const parameter of operation?.parameters ?? []) {
    if (parameter.in !== "header") continue;
    const value = hook.headers[parameter.name.toLowerCase()];
    if (value === undefined) {
      expect(parameter.required, `${hook.json.type} sends ${parameter.name}`).not.toBe(true);
      continue;
    }
    expect(violations(doc, parameter.schema, value), `${parameter.name}`).toEqual([]);
  }
}
