/** The Worker: the HTTP app, and the Durable Object class each run lives in. */
import { createApp } from "./app";

export { RunObject } from "./run/run-object";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<import("./env").Env>;
