/** The OpenAPI document's own fields: who we are, where we answer, how the parts group. */
import type { Env } from "../../env";
import { VERSION } from "../../version";

const DESCRIPTION = `A signed, retrying webhook relay for [TinyFish Web Agent](https://docs.tinyfish.ai) runs.

Start a run with \`POST /v1/runs\`; fishhook starts it upstream, follows it, and POSTs the result
to your webhook, signed with [Standard Webhooks](https://www.standardwebhooks.com) and retried until
it is delivered or clearly given up (see **webhooks**).

Every \`/v1/runs\` request is either HMAC-signed (\`Fishhook-Client\`, \`Fishhook-Timestamp\`,
\`Fishhook-Signature\`) or carries \`Authorization: Bearer <api key>\`. Every error answer is
\`{"error": {"code", "message", "details"?}}\` with a snake_case code.`;

/** Taken from the request where possible: `PUBLIC_URL` must not break the document if malformed. */
function serverUrl(env: Env, requestUrl: string): string {
  const configured = env.PUBLIC_URL?.replace(/\/+$/, "");
  return configured && URL.canParse(configured) ? configured : new URL(requestUrl).origin;
}

export function documentFields(env: Env, requestUrl: string) {
  return {
    openapi: "3.1.0",
    info: { title: "fishhook", version: VERSION, description: DESCRIPTION },
    servers: [{ url: serverUrl(env, requestUrl) }],
    tags: [
      { name: "Runs", description: "Start, read, list and cancel runs." },
      { name: "Deliveries", description: "What became of a run's webhooks; send again." },
      { name: "TinyFish callback", description: "Called by TinyFish, not by callers." },
      {
        name: "Slack",
        description:
          "Called by Slack (the `/tinyfish` command and its Cancel button), not by callers; there only while `SLACK_SIGNING_SECRET` is set.",
      },
      {
        name: "Dashboard",
        description: "The web dashboard for people, signed in with an API key.",
      },
      { name: "Meta", description: "Health and this document." },
      { name: "Webhooks", description: "What fishhook POSTs to your webhook URL." },
    ],
  };
}
