/**
 * Numbers on the way through (contract §3; hostile corpus class "numbers"). A number in a
 * create body that JSON.parse would change — an integer beyond ±2^53, a decimal with more
 * precision than a double, one too large or too small for a double — is refused with
 * `400 invalid_request` naming its path; every other number is passed upstream and echoed
 * with its value unchanged. A number TinyFish sends that JavaScript cannot hold keeps its
 * exact digits, as a string.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isExactNumber } from "../../src/json/exact-numbers";
import { bearerCall, signedCall } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";
import { expectRejected, upstreamCalls } from "./support";

const world = useWorld();

/** The exact decimal value a JSON number literal denotes, as BigInt digits and a power of ten. */
function decimal(literal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) throw new Error(`not a JSON number: ${literal}`);
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  let digits = BigInt(`${whole}${fraction}`);
  let power = BigInt(exponent) - BigInt(fraction.length);
  if (digits === 0n) return "0";
  while (digits % 10n === 0n) {
    digits /= 10n;
    power += 1n;
  }
  return `${sign}${digits}e${power}`;
}

/** Creates a run whose body is `template` with `NUMBER` replaced by the literal. */
function createWith(template: string, literal: string) {
  return bearerCall("/v1/runs", { body: template.replace("NUMBER", literal) });
}
const IN_METADATA = '{"url":"https://example.com","goal":"n","metadata":{"n":NUMBER}}';

describe("isExactNumber", () => {
  it.each([
    ["9007199254740992", true],
    ["-9007199254740992", true],
    ["9007199254740993", false],
    ["-9007199254740993", false],
    ["18014398509481984", false], // 2^54: held exactly, but outside the contract's ±2^53
    ["123456789012345678901234567890", false],
    ["0", true],
    ["-0", true],
    ["0.1", true],
    ["1.5e3", true],
    ["1E2", true],
    ["1e21", true],
    ["123.4560", true],
    ["0.1000000000000000055511151231257827", false],
    ["3.141592653589793238", false],
    ["1e400", false],
    ["-1e400", false],
    ["1e-400", false],
    ["5e-324", true],
    ["2e-324", false],
    ["1.7976931348623157e308", true],
    // Not a double's exact value, but written back with the same digits: like 0.1, it survives.
    ["12345678901234567e3", true],
    ["12345678901234567.5e3", false],
  ])("%s → %s", (literal, exact) => {
    expect(isExactNumber(literal, JSON.parse(literal) as number)).toBe(exact);
  });
});

describe("a number that would change, anywhere in a create body, is refused by path", () => {
  it.each<[string, string, (string | number)[]]>([
    [
      "metadata: an integer past 2^53",
      '{"url":"https://example.com","goal":"g","metadata":{"order":9007199254740993}}',
      ["metadata", "order"],
    ],
    [
      "metadata: deep in an array",
      '{"url":"https://example.com","goal":"g","metadata":{"ids":[1,2,{"x":-12345678901234567890}]}}',
      ["metadata", "ids", 2, "x"],
    ],
    [
      "output_schema: a uint64 maximum",
      '{"url":"https://example.com","goal":"g","output_schema":{"type":"object","properties":{"n":{"type":"integer","maximum":18446744073709551615}}}}',
      ["output_schema", "properties", "n", "maximum"],
    ],
    [
      "agent_config.max_steps (before the schema's own limit)",
      '{"url":"https://example.com","goal":"g","agent_config":{"max_steps":9007199254740993}}',
      ["agent_config", "max_steps"],
    ],
    [
      "capture_config: 1e400 (Infinity, sent on as null)",
      '{"url":"https://example.com","goal":"g","capture_config":{"x":1e400}}',
      ["capture_config", "x"],
    ],
    [
      "metadata: 1e-400 (becomes 0)",
      '{"url":"https://example.com","goal":"g","metadata":{"tiny":1e-400}}',
      ["metadata", "tiny"],
    ],
    [
      "metadata: more precision than a double",
      '{"url":"https://example.com","goal":"g","metadata":{"pi":3.14159265358979323846}}',
      ["metadata", "pi"],
    ],
    [
      "the first of several, in document order",
      '{"url":"https://example.com","goal":"g","metadata":{"a":1,"b":9007199254740993,"c":1e999}}',
      ["metadata", "b"],
    ],
  ])("%s", async (_, body, path) => {
    const response = await signedCall(world.clock, "/v1/runs", { body });
    const error = await expectRejected(world, response, 400, "invalid_request");
    expect(error.details?.[0]?.path).toEqual(path);
    expect(error.message).toContain(path.join("."));
    expect(error.message).toMatch(/send it as a string/);
  });
});

describe("every other number goes through with its value", () => {
  it("the ±2^53 boundary and ordinary numbers: upstream and echoed digit for digit", async () => {
    const body = `{"url":"https://example.com","goal":"g","webhook_url":"${RECEIVER_URL}","metadata":{"max":9007199254740992,"min":-9007199254740992,"price":19.99,"ratio":0.1,"big":1.7976931348623157e308},"output_schema":{"type":"integer","maximum":9007199254740992}}`;
    world.simulator.script({ durationMs: 1_000 });
    const response = await signedCall(world.clock, "/v1/runs", { body });
    expect(response.status).toBe(202);
    const text = await response.text();
    for (const digits of [
      '"max":9007199254740992',
      '"min":-9007199254740992',
      '"price":19.99',
      '"ratio":0.1',
      '"big":1.7976931348623157e+308',
    ]) {
      expect(text).toContain(digits);
    }
    const { id } = JSON.parse(text) as { id: string };
    expect(JSON.stringify(world.simulator.runs()[0]?.request.output_schema)).toBe(
      '{"type":"integer","maximum":9007199254740992}',
    );
    await settle(world, id);
    const [hook] = world.receiver.byRun(id);
    expect(hook?.body).toContain('"max":9007199254740992');
    expect(JSON.stringify((await readRun(id))?.metadata)).toContain('"min":-9007199254740992');
  });

  it("any number literal is either refused or echoed with the same value (property)", async () => {
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
    const literal = fc
      .record({
        sign: fc.constantFrom("", "-"),
        whole: digits(1, 25).map((d) => d.replace(/^0+(?=\d)/, "")),
        fraction: fc.option(digits(1, 25), { nil: undefined }),
        exponent: fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }),
      })
      .map(
        ({ sign, whole, fraction, exponent }) =>
          `${sign}${whole}${fraction === undefined ? "" : `.${fraction}`}${exponent === undefined ? "" : `e${exponent}`}`,
      );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(literal, async (source) => {
        const response = await createWith(IN_METADATA, source);
        const before = runs;
        if (response.status === 202) {
          runs++;
          const echoed = /"n":(-?[\d.eE+-]+)[,}]/.exec(await response.text())?.[1];
          expect(echoed && decimal(echoed)).toBe(decimal(source));
        } else {
          const error = (await response.json()) as { error: { code: string; details: unknown[] } };
          expect(error.error.code).toBe("invalid_request");
          expect(error.error.details[0]).toMatchObject({ path: ["metadata", "n"] });
          // Refused only when a double would change it, or when it is an integer past 2^53.
          const double = Number(source);
          const changes = !Number.isFinite(double) || decimal(String(double)) !== decimal(source);
          const bigInteger = /^-?\d+$/.test(source) && BigInt(source) ** 2n > 2n ** 106n;
          expect(changes || bigInteger).toBe(true);
        }
        expect(world.simulator.runs()).toHaveLength(before + (response.status === 202 ? 1 : 0));
      }),
      { numRuns: 150, seed: 20261314 },
    );
    expect(upstreamCalls(world).length).toBe(runs);
  }, 120_000);
});

describe("numbers TinyFish sends", () => {
  it("keep their exact digits (as a string) where JavaScript would round them", async () => {
    world.simulator.script({ durationMs: 1_000, result: { order: "ORDER", tiny: "TINY", ok: 2 } });
    // TinyFish's answer as it could be written: numbers no double can hold.
    const simulator = world.routes.get("tinyfish.test")!;
    world.routes.set("tinyfish.test", async (request) => {
      const answer = await simulator(request);
      const text = await answer.text();
      const edited = text.replace('"ORDER"', "12345678901234567890").replace('"TINY"', "1e-400");
      return new Response(edited, { status: answer.status, headers: answer.headers });
    });
    const { id } = (await (
      await signedCall(world.clock, "/v1/runs", {
        body: JSON.stringify({ url: "https://example.com", goal: "g", webhook_url: RECEIVER_URL }),
      })
    ).json()) as { id: string };
    await settle(world, id);
    const run = await readRun(id);
    expect(run?.result).toEqual({ order: "12345678901234567890", tiny: "1e-400", ok: 2 });
    const [hook] = world.receiver.byRun(id);
    expect(hook?.body).toContain('"order":"12345678901234567890"');
  });
});
