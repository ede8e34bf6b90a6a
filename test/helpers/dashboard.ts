/**
 * A browser's side of the dashboard, in process: sign in with an API key, keep the session
 * cookie, read the anti-forgery token from the page, and send forms as a page of the same
 * origin would (with its `Origin` header).
 */
import { ACME } from "../fixtures/test-config";
import { BASE, call } from "./requests";

export const COOKIE_NAME = "__Secure-fishhook_session";

export interface Browser {
  cookie: string | null;
  /** GET a dashboard path as a signed-in browser (redirects are not followed). */
  get(path: string): Promise<Response>;
  /** POST a form; `token` defaults to the session's own. */
  post(
    path: string,
    fields?: Record<string, string | string[]>,
    options?: { token?: string | null; origin?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  /** The session's anti-forgery token, as its pages carry it. */
  token(): Promise<string>;
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params.toString();
}

export function cookieFrom(response: Response): string | null {
  const header = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE_NAME}=`));
  if (!header) return null;
  const value = header.split(";")[0]!.slice(COOKIE_NAME.length + 1);
  return value === "" ? null : value;
}

export async function signInRequest(
  key: string,
  options: { origin?: string | null; address?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const origin = options.origin === undefined ? BASE : options.origin;
  if (origin !== null) headers.Origin = origin;
  if (options.address) headers["CF-Connecting-IP"] = options.address;
  return call(
    new Request(`${BASE}/dashboard/sign-in`, {
      method: "POST",
      headers,
      body: formBody({ api_key: key }),
      redirect: "manual",
    }),
  );
}

export function browserWith(cookie: string | null): Browser {
  const browser: Browser = {
    cookie,
    get: (path) =>
      call(
        new Request(`${BASE}${path}`, {
          headers: browser.cookie ? { Cookie: `${COOKIE_NAME}=${browser.cookie}` } : {},
          redirect: "manual",
        }),
      ),
    post: async (path, fields = {}, options = {}) => {
      const token = options.token === undefined ? await browser.token() : options.token;
      const origin = options.origin === undefined ? BASE : options.origin;
      const headers: Record<string, string> = {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(browser.cookie ? { Cookie: `${COOKIE_NAME}=${browser.cookie}` } : {}),
        ...(origin === null ? {} : { Origin: origin }),
        ...options.headers,
      };
      const body = formBody(token === null ? fields : { ...fields, csrf_token: token });
      return call(
        new Request(`${BASE}${path}`, { method: "POST", headers, body, redirect: "manual" }),
      );
    },
    token: async () => {
      const page = await (await browser.get("/dashboard/health")).text();
      const match = /name="csrf_token" value="([^"]+)"/.exec(page);
      if (!match?.[1]) throw new Error("no anti-forgery token on the page");
      return match[1];
    },
  };
  return browser;
}

/** Signs in and returns a browser holding the session. */
export async function signIn(key = ACME.api_keys[0]!, address?: string): Promise<Browser> {
  const response = await signInRequest(key, { address });
  if (response.status !== 303)
    throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const cookie = cookieFrom(response);
  if (!cookie) throw new Error("sign-in set no session cookie");
  return browserWith(cookie);
}
