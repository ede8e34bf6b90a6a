/**
 * The signing snippets' ways of signing, inside workerd against the relay: each computed as
 * its snippet does and sent to fishhook, which must accept it. (python3 and openssl cannot
 * run here; test/node/signing-snippets.test.ts runs the snippets' exact text.)
 */
import { describe, expect, it } from "vitest";
import signingDoc from "../../docs/signing.md?raw";
import { signedHeaders } from "../../src/cli/signing";
import { ACME } from "../fixtures/test-config";
import { BASE, call } from "../helpers/requests";
import { useWorld } from "../helpers/world";

const world = useWorld();
const SECRET = ACME.signing_secrets[1]!;

async function hmacHex(secret: string, message: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const utf8 = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

function send(path: string, method: string, headers: Record<string, string>, body?: string) {
  return call(
    new Request(`${BASE}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body,
    }),
  );
}

describe("the signing snippets, against the relay", () => {
  it("Node: signedHeaders (the CLI's function) is accepted", async () => {
    const body = JSON.stringify({ url: "https://example.com", goal: "Signed in Node" });
    const headers = await signedHeaders({
      clientId: ACME.id,
      secret: SECRET,
      method: "POST",
      path: "/v1/runs",
      body,
      timestamp: world.clock.seconds(),
    });
    expect((await send("/v1/runs", "POST", { ...headers }, body)).status).toBe(202);
  });

  it("Python: hmac over f'{timestamp}.{METHOD}.{path}.'.encode() + body is accepted", async () => {
    // json.dumps separates with ", " and ": ", unlike JSON.stringify: the signed bytes are
    // whatever is sent.
    const body = '{"url": "https://example.com", "goal": "Signed in Python"}';
    const timestamp = String(world.clock.seconds());
    const prefix = utf8(`${timestamp}.${"post".toUpperCase()}./v1/runs.`);
    const message = new Uint8Array([...prefix, ...utf8(body)]);
    const signature = await hmacHex(SECRET, message);
    const response = await send(
      "/v1/runs",
      "POST",
      {
        "Fishhook-Client": ACME.id,
        "Fishhook-Timestamp": timestamp,
        "Fishhook-Signature": `v1=${signature}`,
      },
      body,
    );
    expect(response.status).toBe(202);
  });

  it("bash: openssl over printf '%s' \"$TS.POST./v1/runs.$BODY\" is accepted, and for a GET", async () => {
    const body = '{"url":"https://example.com","goal":"Signed in bash"}';
    const ts = String(world.clock.seconds());
    const post = await send(
      "/v1/runs",
      "POST",
      {
        "Fishhook-Client": ACME.id,
        "Fishhook-Timestamp": ts,
        "Fishhook-Signature": `v1=${await hmacHex(SECRET, utf8(`${ts}.POST./v1/runs.${body}`))}`,
      },
      body,
    );
    expect(post.status).toBe(202);

    const path = "/v1/runs?status=RUNNING&limit=5";
    const get = await send(path, "GET", {
      "Fishhook-Client": ACME.id,
      "Fishhook-Timestamp": ts,
      "Fishhook-Signature": `v1=${await hmacHex(SECRET, utf8(`${ts}.GET.${path}.`))}`,
    });
    expect(get.status).toBe(200);
  });

  it("a signature over anything else is refused (the check above can fail)", async () => {
    const body = '{"url":"https://example.com","goal":"Newline"}';
    const ts = String(world.clock.seconds());
    // `echo` instead of `printf '%s'`: a trailing newline.
    const response = await send(
      "/v1/runs",
      "POST",
      {
        "Fishhook-Client": ACME.id,
        "Fishhook-Timestamp": ts,
        "Fishhook-Signature": `v1=${await hmacHex(SECRET, utf8(`${ts}.POST./v1/runs.${body}\n`))}`,
      },
      body,
    );
    expect(response.status).toBe(401);
  });

  it("the docs sign exactly these strings", () => {
    expect(signingDoc).toContain(
      'message = f"{timestamp}.{method.upper()}.{path}.".encode() + body',
    );
    expect(signingDoc).toContain(
      `printf '%s' "$TS.POST./v1/runs.$BODY" | openssl dgst -sha256 -hmac "$FISHHOOK_SECRET"`,
    );
    expect(signingDoc).toContain('import { signedHeaders } from "./src/cli/signing.ts";');
  });
});
