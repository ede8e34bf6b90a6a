/** `npm run chaos -- [--runs N] [--seed S] [--rate R] [--kills K] [--outages O] [--keep] [--record]` */

export interface ChaosOptions {
  runs: number;
  seed: number;
  /** New runs a second (Poisson arrivals). */
  rate: number;
  /** Times the relay is killed (SIGKILL) and restarted mid-soak. */
  kills: number;
  /** Times the receiver stops listening for a while. */
  outages: number;
  /** How long the end may wait for every run to settle. */
  drainSeconds: number;
  /** Keep the temporary directory (logs, Durable Object storage) even when the soak passes. */
  keep: boolean;
  /** Never run the sweeper: shows what it is for (runs whose alarm was dropped stay stuck). */
  sweeper: boolean;
  /** Write the results to chaos/results/ (the soak of record, committed); else .results/chaos/. */
  record: boolean;
}

const USAGE = `npm run chaos -- [options]
  --runs N        runs to start (default 1000)
  --seed S        seed for every random draw (default: a fresh one, printed)
  --rate R        new runs a second (default 5)
  --kills K       relay kills (SIGKILL + restart with storage kept) mid-soak (default 2)
  --outages O     receiver outages (connection refused for 1-6 s) (default 4)
  --drain S       seconds the end may wait for every run to settle (default 300)
  --keep          keep the temporary directory (logs, storage) even on success
  --no-sweeper    never trigger the sweeper (Cron Trigger): shows what it is for
  --record        write the results to chaos/results/ (the soak of record); without it they
                  go to .results/chaos/, which git ignores`;

export function parseOptions(argv: readonly string[]): ChaosOptions {
  const options: ChaosOptions = {
    runs: 1000,
    seed: Math.floor(Math.random() * 2 ** 31),
    rate: 5,
    kills: 2,
    outages: 4,
    drainSeconds: 300,
    keep: false,
    sweeper: true,
    record: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const raw = argv[++i];
      const n = Number(raw);
      if (raw === undefined || !Number.isFinite(n) || n < 0) fail(`${arg} needs a number`);
      return n;
    };
    switch (arg) {
      case "--runs":
        options.runs = Math.floor(value());
        break;
      case "--seed":
        options.seed = Math.floor(value());
        break;
      case "--rate":
        options.rate = value();
        break;
      case "--kills":
        options.kills = Math.floor(value());
        break;
      case "--outages":
        options.outages = Math.floor(value());
        break;
      case "--drain":
        options.drainSeconds = value();
        break;
      case "--keep":
        options.keep = true;
        break;
      case "--no-sweeper":
        options.sweeper = false;
        break;
      case "--record":
        options.record = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${arg}`);
    }
  }
  if (options.runs < 1 || options.rate <= 0) fail("--runs and --rate must be positive");
  return options;
}

function fail(message: string): never {
  console.error(`chaos: ${message}\n\n${USAGE}`);
  process.exit(2);
}
