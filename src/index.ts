/** The Worker: the HTTP app, the Durable Object each run lives in, and each client's index. */
import { createApp } from "./app";

export { RunObject } from "./run/run-object";
export { ClientIndex } from "./runs-index/client-index";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<import("./env").Env>;
