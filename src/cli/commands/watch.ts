/**
 * `fishhook runs watch ID`: a run's events as they come (its live stream), resuming by
 * itself after a dropped connection; `--json`, one event's JSON per line. Exit 0 when the
 * run succeeded, 3 when it ended otherwise.
 */
import type { RunView } from "../../schemas/run-view";
import { FishhookApi } from "../api-client";
import { EXIT, usageError } from "../cli-error";
import { clientConfig } from "../config";
import { statusText } from "../format";
import { watchRunEvents } from "../live/event-stream";
import { formatLiveEvent } from "../live/live-format";
import type { Command } from "./command";

export const runsWatch: Command = {
  help: "runs watch",
  flags: {},
  async run(args, io) {
    const [id, extra] = args.positionals;
    if (!id) throw usageError("a run id is required");
    if (extra !== undefined) throw usageError(`unexpected argument ${extra}`);
    const json = args.booleans.has("json");
    const api = new FishhookApi(clientConfig(io.env), io);
    const complete = await watchRunEvents(api, id, io, {
      onEvent: (event) => {
        if (json) io.stdout.write(`${JSON.stringify(event)}\n`);
        else {
          const line = formatLiveEvent(event);
          if (line) io.stdout.write(`${line}\n`);
        }
      },
      onResume: (reason) => io.stderr.write(`(${reason})\n`),
    });
    const outcome =
      (complete?.outcome as string | undefined) ??
      (await api.send<RunView>("GET", `/v1/runs/${encodeURIComponent(id)}`)).body.outcome;
    if (outcome === "succeeded") return EXIT.ok;
    if (!complete) io.stderr.write(`run ${id} had already ended (${outcome ?? "unknown"})\n`);
    else
      io.stderr.write(
        `run ended ${statusText({ status: String(complete.status) as RunView["status"], outcome: outcome as RunView["outcome"] })}\n`,
      );
    return EXIT.runUnsuccessful;
  },
};
