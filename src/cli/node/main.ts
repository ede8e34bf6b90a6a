/** The `fishhook` command on Node: the real process, network, clock and terminal. */
import { runCli } from "../main";
import { serveNode } from "./serve";

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  fetch: (request) => fetch(request),
  stdout: { write: (text) => void process.stdout.write(text), isTTY: !!process.stdout.isTTY },
  stderr: { write: (text) => void process.stderr.write(text), isTTY: !!process.stderr.isTTY },
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  serve: serveNode,
});
process.exitCode = code;
// Idle keep-alive sockets (fetch's pool) may linger after the work is done; they must not
// keep the command alive. Unref'd, so a process that can exit sooner does.
setTimeout(() => process.exit(code), 2_000).unref();
