import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { SESSION_LIFETIME_MS } from "../../src/dashboard/session/sessions";
import { ACME, BETA } from "../fixtures/test-config";
import { COOKIE_NAME, signIn } from "../helpers/dashboard";
import { BASE } from "../helpers/requests";
import { useWorld } from "../helpers/world";

const world = useWorld();

describe("a dashboard session", () => {
  it("lasts 12 hours, then the browser is sent to sign in again", async () => {
    const browser = await signIn();
    world.clock.advance(SESSION_LIFETIME_MS - 1);
    expect((await browser.get("/dashboard")).status).toBe(200);
    world.clock.advance(1);
    const expired = await browser.get("/dashboard");
    expect(expired.status).toBe(303);
    expect(expired.headers.get("Location")).toBe("/dashboard/sign-in?ended=1");
    // The stale cookie is cleared.
    expect(expired.headers.getSetCookie()[0]).toMatch(new RegExp(`^${COOKIE_NAME}=; Max-Age=0`));
  });

  it("ends on Sign out: the same cookie no longer opens any page", async () => {
    const browser = await signIn();
    const page = await (await browser.get("/dashboard")).text();
    expect(page).toMatch(/<button type="submit" class="secondary">Sign out<\/button>/);
    const out = await browser.post("/dashboard/sign-out");
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/dashboard/sign-in?signed_out=1");
    expect(out.headers.getSetCookie()[0]).toMatch(new RegExp(`^${COOKIE_NAME}=; Max-Age=0`));
    // A browser that kept the cookie gets nothing: the session is gone on the server.
    expect((await browser.get("/dashboard")).status).toBe(303);
    expect((await browser.get("/dashboard/health")).headers.get("Location")).toBe(
      "/dashboard/sign-in?ended=1",
    );
  });

  it("is one per sign-in: ending one leaves another browser's signed in", async () => {
    const laptop = await signIn();
    const phone = await signIn();
    expect(laptop.cookie).not.toBe(phone.cookie);
    expect(await laptop.token()).not.toBe(await phone.token());
    await laptop.post("/dashboard/sign-out");
    expect((await phone.get("/dashboard")).status).toBe(200);
  });

  it("ends when its API key is removed from the client (a leaked key's sessions with it)", async () => {
    const browser = await signIn();
    const rotated = JSON.stringify([
      { ...ACME, api_keys: ["fh_acme_rotated_key_0123456789ab"] },
      BETA,
    ]);
    const response = await createApp().request(
      `${BASE}/dashboard`,
      { headers: { Cookie: `${COOKIE_NAME}=${browser.cookie}` } },
      { ...env, FISHHOOK_CLIENTS: rotated },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/dashboard/sign-in?ended=1");
    // Ended for good, even with the key back.
    expect((await browser.get("/dashboard")).status).toBe(303);
  });

  it("is not opened by a cookie that is not one of ours", async () => {
    for (const value of ["", "x", "A".repeat(43), `${"A".repeat(42)}!`]) {
      const response = await createApp().request(
        `${BASE}/dashboard`,
        { headers: { Cookie: `${COOKIE_NAME}=${value}` } },
        env,
      );
      expect(response.status).toBe(303);
    }
  });
});
