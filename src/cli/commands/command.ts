/** What every command is: its flags, its help, and what it does with parsed arguments. */
import type { FlagSpec, ParsedArgs } from "../args";
import type { HelpTopic } from "../help";
import type { CliIo } from "../io";

export interface Command {
  help: HelpTopic;
  flags: FlagSpec;
  /** Resolves to the exit code. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
