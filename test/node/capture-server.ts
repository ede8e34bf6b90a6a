/** A local HTTP server that records each request and answers as told: what a snippet "sent". */
import { createServer, type Server } from "node:http";

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface CaptureServer {
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

export async function startCaptureServer(
  answer: (request: CapturedRequest) => { status: number; body: string } = () => ({
    status: 202,
    body: '{"id":"run_captured"}',
  }),
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request: CapturedRequest = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: Object.fromEntries(
          Object.entries(incoming.headers).map(([name, value]) => [name, String(value)]),
        ),
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      const { status, body } = answer(request);
      outgoing.writeHead(status, { "Content-Type": "application/json" });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
