/**
 * `listen`'s server on Node: node:http, each request handed to the platform-neutral
 * handler as a web `Request`. Stops on Ctrl-C (SIGINT) or SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { RequestHandler, RunningServer } from "../io";

export function serveNode(
  options: { port: number; hostname: string },
  handler: RequestHandler,
): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    respond(incoming, outgoing, options.hostname, handler).catch((error: unknown) => {
      console.error("fishhook listen: request failed", error);
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end();
    });
  });
  const closed = new Promise<void>((resolve) => {
    // Resolves at once: open keep-alive connections must not hold up Ctrl-C.
    const stop = () => {
      server.close();
      server.closeAllConnections();
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolve({ url: `http://${options.hostname}:${port}`, closed });
    });
  });
}

async function respond(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  hostname: string,
  handler: RequestHandler,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = incoming.method ?? "GET";
  const request = new Request(`http://${incoming.headers.host ?? hostname}${incoming.url ?? "/"}`, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
  const response = await handler(request);
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}
