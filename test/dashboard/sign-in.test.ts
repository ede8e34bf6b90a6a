import { describe, expect, it } from "vitest";
import { MAX_FAILURES, WINDOW_MS } from "../../src/dashboard/session/sign-in-throttle";
import { ACME } from "../fixtures/test-config";
import { browserWith, COOKIE_NAME, cookieFrom, signInRequest } from "../helpers/dashboard";
import { BASE, call } from "../helpers/requests";
import { useWorld } from "../helpers/world";

const world = useWorld();
const KEY = ACME.api_keys[0]!;

/** Each test signs in from its own address, so the throttle's count starts at zero. */
let addresses = 0;
const freshAddress = () => `198.51.100.${++addresses}`;

describe("GET /dashboard without a session", () => {
  it.each([
    "/dashboard",
    "/dashboard/health",
    "/dashboard/dead-letters",
    "/dashboard/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u",
  ])("%s sends the browser to sign in", async (path) => {
    const response = await browserWith(null).get(path);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/dashboard/sign-in");
  });

  it("offers a form with a field labelled API key and a button named Sign in", async () => {
    const response = await browserWith(null).get("/dashboard/sign-in");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/<label for="api-key">API key<\/label>/);
    expect(page).toMatch(/<input id="api-key" name="api_key" type="password"/);
    expect(page).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(page).toMatch(/<form method="post" action="\/dashboard\/sign-in">/);
  });
});

describe("POST /dashboard/sign-in", () => {
  it("answers a good key with a session cookie as contract §10 fixes it, never the key", async () => {
    const response = await signInRequest(KEY, { address: freshAddress() });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/dashboard");
    const [cookie, ...others] = response.headers.getSetCookie();
    expect(others).toEqual([]);
    const attributes = cookie!.split("; ");
    expect(attributes[0]).toMatch(new RegExp(`^${COOKIE_NAME}=[A-Za-z0-9_-]{43}$`));
    expect(attributes.slice(1).sort()).toEqual(
      ["HttpOnly", "Max-Age=43200", "Path=/dashboard", "SameSite=Strict", "Secure"].sort(),
    );
    expect(cookie).not.toContain(KEY);
    expect(response.headers.get("Location")).not.toContain(KEY);

    // The pages never carry the key either.
    const browser = browserWith(cookieFrom(response));
    for (const path of ["/dashboard", "/dashboard/health", "/dashboard/dead-letters"]) {
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain(KEY);
    }
  });

  it("takes the key with surrounding whitespace, as pasted", async () => {
    const response = await call(
      new Request(`${BASE}/dashboard/sign-in`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: BASE,
          "CF-Connecting-IP": freshAddress(),
        },
        body: `api_key=${encodeURIComponent(` ${KEY}\n`)}`,
        redirect: "manual",
      }),
    );
    expect(response.status).toBe(303);
  });

  it.each([
    ["a wrong key", "fh_not_a_key_0123456789abcdef"],
    ["an empty key", ""],
    ["another client's signing secret", ACME.signing_secrets[0]!],
  ])("answers %s with the form again, 401 and no cookie", async (_, key) => {
    const response = await signInRequest(key, { address: freshAddress() });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    const page = await response.text();
    expect(page).toContain("That API key is not valid.");
    expect(page).toMatch(/role="alert"/);
    if (key) expect(page).not.toContain(key);
  });

  it(`refuses every sign-in from an address after ${MAX_FAILURES} failures, a right key too, until the window passes`, async () => {
    const address = freshAddress();
    for (let i = 1; i < MAX_FAILURES; i++) {
      expect((await signInRequest(`fh_wrong_guess_${i}_0123456789`, { address })).status).toBe(401);
    }
    const last = await signInRequest("fh_wrong_guess_last_0123456789", { address });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("Retry-After"))).toBe(WINDOW_MS / 1000);

    world.clock.advance(60_000);
    const right = await signInRequest(KEY, { address });
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
    expect(Number(right.headers.get("Retry-After"))).toBe(WINDOW_MS / 1000 - 60);
    expect(await right.text()).toContain("Too many failed sign-ins");

    // Another address is not held back.
    expect((await signInRequest(KEY, { address: freshAddress() })).status).toBe(303);

    world.clock.advance(WINDOW_MS);
    expect((await signInRequest(KEY, { address })).status).toBe(303);
  });

  it("counts an IPv6 /64 as one address", async () => {
    for (let i = 1; i <= MAX_FAILURES; i++) {
      await signInRequest("fh_wrong_guess_v6_0123456789", { address: `2001:db8:1:2::${i}` });
    }
    expect((await signInRequest(KEY, { address: "2001:db8:1:2:ffff::9" })).status).toBe(429);
    expect((await signInRequest(KEY, { address: "2001:db8:1:3::1" })).status).toBe(303);
  });

  it("does not let a success reset the count", async () => {
    const address = freshAddress();
    for (let i = 1; i < MAX_FAILURES; i++)
      await signInRequest(`fh_guess_${i}_0123456789ab`, { address });
    expect((await signInRequest(KEY, { address })).status).toBe(303);
    expect((await signInRequest("fh_guess_again_0123456789ab", { address })).status).toBe(429);
  });

  it("is refused from another origin before the key is even looked at", async () => {
    const response = await signInRequest(KEY, {
      origin: "https://evil.example",
      address: freshAddress(),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "csrf_failed" } });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("sends a signed-in browser on from the sign-in page to its runs", async () => {
    const response = await signInRequest(KEY, { address: freshAddress() });
    const page = await browserWith(cookieFrom(response)).get("/dashboard/sign-in");
    expect(page.status).toBe(303);
    expect(page.headers.get("Location")).toBe("/dashboard");
  });
});
