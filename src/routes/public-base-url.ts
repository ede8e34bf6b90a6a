import type { Config } from "../config/config";

/** fishhook's own base URL: `PUBLIC_URL`, or else the origin the request came to. */
export function publicBaseUrl(config: Config, requestUrl: string): string {
  return config.publicUrl ?? new URL(requestUrl).origin;
}
