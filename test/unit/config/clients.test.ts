import { describe, expect, it } from "vitest";
import { parseClients } from "../../../src/config/clients";
import { ConfigError } from "../../../src/config/config-error";

/** The base64 of `n` bytes, as a whsec_ secret. */
function whsec(bytes: number, fill = 7): string {
  return `whsec_${btoa(String.fromCharCode(...new Uint8Array(bytes).fill(fill)))}`;
}

const SIGNING_SECRET = "acme-signing-secret-0123456789abcdef";
const API_KEY = "fh_acme_key_0123456789abcdef";
const WEBHOOK_SECRET = whsec(32);

const acme = () => ({
  id: "acme",
  signing_secrets: [SIGNING_SECRET],
  api_keys: [API_KEY],
  webhook_secrets: [WEBHOOK_SECRET],
});
const beta = () => ({
  id: "beta",
  signing_secrets: ["beta-signing-secret-0123456789abcdef0"],
  api_keys: ["fh_beta_key_0123456789abcdef"],
  webhook_secrets: [whsec(32, 9)],
});

/** The ConfigError parseClients throws for `raw`. */
function faultIn(raw: string | undefined): ConfigError {
  try {
    parseClients(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("parseClients accepted the config");
}

describe("parseClients: a valid config", () => {
  it("returns every client as configured", () => {
    expect(parseClients(JSON.stringify([acme(), beta()]))).toEqual([acme(), beta()]);
  });

  it("lets one credential list be empty or left out", () => {
    const keysOnly = { id: "zapier", api_keys: [API_KEY], webhook_secrets: [WEBHOOK_SECRET] };
    const signedOnly = { ...beta(), api_keys: [] };
    expect(parseClients(JSON.stringify([keysOnly, signedOnly]))).toEqual([
      { ...keysOnly, signing_secrets: [] },
      signedOnly,
    ]);
  });

  it("accepts webhook secrets of exactly 24 and 64 bytes, with or without padding", () => {
    const unpadded = whsec(32).replace(/=+$/, "");
    const client = { ...acme(), webhook_secrets: [whsec(24), whsec(64), unpadded] };
    expect(parseClients(JSON.stringify([client]))[0]?.webhook_secrets).toHaveLength(3);
  });

  it("accepts several secrets and keys per client (rotation)", () => {
    const client = {
      ...acme(),
      signing_secrets: [SIGNING_SECRET, `${SIGNING_SECRET}-next`],
      api_keys: [API_KEY, `${API_KEY}-next`],
      webhook_secrets: [whsec(32, 1), whsec(32, 2)],
    };
    expect(parseClients(JSON.stringify([client]))).toEqual([client]);
  });
});

describe("parseClients: a faulty config is a ConfigError naming the fault", () => {
  it.each([undefined, "", "   "])("says FISHHOOK_CLIENTS is not set for %j", (raw) => {
    expect(faultIn(raw).message).toBe("FISHHOOK_CLIENTS is not set");
  });

  it("says it is not JSON, without quoting it", () => {
    const raw = `[{"id":"acme","signing_secrets":["${SIGNING_SECRET}"`;
    const { message } = faultIn(raw);
    expect(message).toBe("FISHHOOK_CLIENTS is not valid JSON");
    expect(message).not.toContain(SIGNING_SECRET);
  });

  it.each([
    ["an object", { clients: [] }],
    ["a string", "acme"],
    ["null", null],
  ])("says it must be an array when it is %s", (_, value) => {
    expect(faultIn(JSON.stringify(value)).message).toMatch(/^FISHHOOK_CLIENTS: .*array/);
  });

  it("says an empty list lets no one in", () => {
    expect(faultIn("[]").message).toBe("FISHHOOK_CLIENTS: must list at least one client");
  });

  it.each([
    ["an id that is not a name", { id: "acme corp" }, "FISHHOOK_CLIENTS[0].id"],
    ["a missing id", { id: undefined }, "FISHHOOK_CLIENTS[0].id"],
    ["no webhook secrets", { webhook_secrets: [] }, "FISHHOOK_CLIENTS[0].webhook_secrets"],
    ["a short api key", { api_keys: [API_KEY, "fh_short"] }, "FISHHOOK_CLIENTS[0].api_keys[1]"],
  ])("names the path of %s", (_, change, path) => {
    const { message } = faultIn(JSON.stringify([{ ...acme(), ...change }]));
    expect(message.startsWith(`${path}: `)).toBe(true);
  });
});

describe("parseClients: a faulty secret is named by its path, never by its value", () => {
  /** Each case: the config, the path the message must name, the secret it must not show. */
  const cases: [string, unknown[], string, string][] = [
    [
      "a signing secret shorter than 32 characters",
      [{ ...acme(), signing_secrets: ["short-but-secret-value"] }],
      "FISHHOOK_CLIENTS[0].signing_secrets[0]: must be at least 32 characters",
      "short-but-secret-value",
    ],
    [
      "a signing secret that is not a string",
      [{ ...acme(), signing_secrets: [SIGNING_SECRET, 123456789] }],
      "FISHHOOK_CLIENTS[0].signing_secrets[1]",
      "123456789",
    ],
    [
      "a webhook secret without the whsec_ prefix",
      [{ ...acme(), webhook_secrets: [WEBHOOK_SECRET.slice(6)] }],
      "FISHHOOK_CLIENTS[0].webhook_secrets[0]: must start with whsec_",
      WEBHOOK_SECRET.slice(6),
    ],
    [
      "a webhook secret that is not base64",
      [{ ...acme(), webhook_secrets: ["whsec_this*is*not*base64*but*long*enough"] }],
      "FISHHOOK_CLIENTS[0].webhook_secrets[0]: must be whsec_ followed by the base64 of 24 to 64 bytes",
      "this*is*not*base64",
    ],
    [
      "a webhook secret with whitespace inside its base64",
      [
        {
          ...acme(),
          webhook_secrets: [`${WEBHOOK_SECRET.slice(0, 20)} ${WEBHOOK_SECRET.slice(20)}`],
        },
      ],
      "FISHHOOK_CLIENTS[0].webhook_secrets[0]: must be whsec_ followed by the base64 of 24 to 64 bytes",
      WEBHOOK_SECRET.slice(6, 20),
    ],
    [
      "a webhook secret of 23 bytes",
      [{ ...acme(), webhook_secrets: [WEBHOOK_SECRET, whsec(23)] }],
      "FISHHOOK_CLIENTS[0].webhook_secrets[1]: must be whsec_ followed by the base64 of 24 to 64 bytes",
      whsec(23).slice(6),
    ],
    [
      "a webhook secret of 65 bytes",
      [beta(), { ...acme(), webhook_secrets: [whsec(65)] }],
      "FISHHOOK_CLIENTS[1].webhook_secrets[0]: must be whsec_ followed by the base64 of 24 to 64 bytes",
      whsec(65).slice(6),
    ],
    [
      "an api key listed for two clients",
      [acme(), { ...beta(), api_keys: ["fh_beta_key_0123456789abcdef", API_KEY] }],
      "FISHHOOK_CLIENTS[1].api_keys[1]: api key is also listed for another client",
      API_KEY,
    ],
    [
      "both credential lists empty",
      [{ ...acme(), signing_secrets: [], api_keys: [] }],
      "FISHHOOK_CLIENTS[0]: signing_secrets and api_keys may not both be empty",
      WEBHOOK_SECRET,
    ],
    [
      "a duplicate client id",
      [acme(), { ...beta(), id: "acme" }],
      "FISHHOOK_CLIENTS[1].id: duplicate client id",
      "beta-signing-secret",
    ],
    [
      "an unknown field",
      [{ ...acme(), password: "hunter2-super-secret" }],
      "FISHHOOK_CLIENTS[0]: ",
      "hunter2-super-secret",
    ],
  ];

  it.each(cases)("reports %s", (_, config, expected, secret) => {
    const { message } = faultIn(JSON.stringify(config));
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain(secret);
    for (const client of config) {
      for (const value of Object.values(client as Record<string, unknown>).flat()) {
        if (typeof value === "string" && value.length >= 16) expect(message).not.toContain(value);
      }
    }
  });

  it("names the unknown field (a name, not a value)", () => {
    const { message } = faultIn(JSON.stringify([{ ...acme(), password: "hunter2-super-secret" }]));
    expect(message).toContain("password");
  });
});
