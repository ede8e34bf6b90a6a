import type { Config } from "../config/config";

/** fishhook's own base URL: `PUBLIC_URL`, or else the origin the request came to. */
export function publicBaseUrl(config: Config, requestUrl: string): string {
  return config.publicUrl ?? new URL(requestUrl).origin;
}

/**
 * Where TinyFish may call back about run `id`, or null to rely on polling alone. TinyFish
 * can only call back a URL it can reach: https, or anything in development.
 */
export function callbackBase(config: Config, baseUrl: string, id: string): string | null {
  const reachable =
    config.tuning.fastPath && (baseUrl.startsWith("https://") || config.allowPrivateWebhooks);
  return reachable ? `${baseUrl}/v1/hooks/tinyfish/${id}` : null;
}
