/**
 * `fishhook sign METHOD PATH [BODY]`: the three signature headers, one `Name: value` per
 * line — what `curl -H @file` reads — so any tool can send a signed request.
 */
import { usageError } from "../cli-error";
import { signingCredentials } from "../config";
import { printJson, printLines } from "../output";
import { signedHeaders } from "../signing";
import type { Command } from "./command";

const METHOD = /^[A-Za-z]+$/;

export const sign: Command = {
  help: "sign",
  flags: {},
  async run(args, io) {
    const [method, path, body, extra] = args.positionals;
    if (!method || !path) throw usageError("sign needs METHOD and PATH, e.g. sign GET /v1/runs");
    if (extra !== undefined) throw usageError(`unexpected argument ${extra} (quote the body)`);
    if (!METHOD.test(method)) throw usageError(`not an HTTP method: ${method}`);
    const { clientId, secret } = signingCredentials(io.env);
    const headers = await signedHeaders({
      clientId,
      secret,
      method: method.toUpperCase(),
      path,
      body: body ?? "",
      timestamp: Math.floor(io.now() / 1000),
    });
    if (args.booleans.has("json")) printJson(io.stdout, headers);
    else
      printLines(
        io.stdout,
        Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      );
    return 0;
  },
};
