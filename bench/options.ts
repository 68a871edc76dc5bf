// Command-line options of `npm run bench`: the default run, or a tiny smoke run for CI.

export interface BenchOptions {
  /** Tiny run (few samples, N=5, short burst) meant to finish well under 30 s. */
  smoke: boolean;
  /** Viewer counts for the fan-out workload. */
  viewers: number[];
  /** Viewer counts measured on the gateway alone (raw tmux would need one client per viewer). */
  gatewayViewers: number[];
  /** Sequential keystrokes in the echo workload. */
  echoSamples: number;
  /** `seq 1 <n>` printed by the throughput workload (7,000,000 lines is ~55 MB of pane output). */
  seqLines: number;
  /** Keystrokes timed against all viewers in the fan-out workload. */
  fanoutKeystrokes: number;
  /** Length of the output burst viewers receive in the fan-out workload, in seconds. */
  burstSeconds: number;
  /** Healthy viewers next to the frozen one. */
  frozenOthers: number;
  /** `seq 1 <n>` printed while one viewer is frozen. */
  frozenSeqLines: number;
  /** Keystrokes timed while one viewer is frozen. */
  frozenEchoSamples: number;
  /** Distinct own sizes the abusive viewer opens terminals at. */
  abuseSizes: number;
  /** Reconnects of the abusive viewer. */
  abuseReconnects: number;
  /** Refused logins sent by the unauthenticated flooder. */
  abuseLoginFlood: number;
  /** Writer keystrokes timed before and during the abuse. */
  abuseEchoSamples: number;
  /** Join+logout cycles of one link holder in the logouts workload (the red-team's 1,500). */
  logoutCycles: number;
  /** Coloured lines printed before the history workload fetches them. */
  historyLines: number;
  /** Bystander keystrokes timed, idle and while a viewer pages through history. */
  historyEchoSamples: number;
  /** Only these workloads (all when empty). */
  only: string[];
}

const DEFAULTS: BenchOptions = {
  smoke: false,
  viewers: [10, 100, 500],
  gatewayViewers: [],
  echoSamples: 300,
  seqLines: 7_000_000,
  fanoutKeystrokes: 20,
  burstSeconds: 10,
  frozenOthers: 10,
  frozenSeqLines: 2_000_000,
  frozenEchoSamples: 100,
  abuseSizes: 60,
  abuseReconnects: 50,
  abuseLoginFlood: 3000,
  abuseEchoSamples: 50,
  logoutCycles: 1500,
  historyLines: 10_000,
  historyEchoSamples: 100,
  only: [],
};

const SMOKE: BenchOptions = {
  smoke: true,
  viewers: [5],
  gatewayViewers: [],
  echoSamples: 20,
  seqLines: 100_000,
  fanoutKeystrokes: 5,
  burstSeconds: 1,
  frozenOthers: 3,
  frozenSeqLines: 50_000,
  frozenEchoSamples: 10,
  abuseSizes: 5,
  abuseReconnects: 5,
  abuseLoginFlood: 100,
  abuseEchoSamples: 5,
  logoutCycles: 100,
  historyLines: 2000,
  historyEchoSamples: 10,
  only: [],
};

function numberList(value: string | undefined, flag: string): number[] {
  const list = (value ?? '').split(',').map((part) => Number(part.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${flag} expects a comma-separated list of positive integers`);
  }
  return list;
}

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { ...(argv.includes('--smoke') ? SMOKE : DEFAULTS) };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--smoke') continue;
    if (arg === '--viewers') options.viewers = numberList(argv[(i += 1)], arg);
    else if (arg === '--gateway-viewers') options.gatewayViewers = numberList(argv[(i += 1)], arg);
    else if (arg === '--echo-samples') options.echoSamples = numberList(argv[(i += 1)], arg)[0]!;
    else if (arg === '--only')
      options.only = (argv[(i += 1)] ?? '').split(',').filter((s) => s !== '');
    else {
      throw new Error(
        `unknown option ${arg} (known: --smoke, --viewers N,M, --gateway-viewers N,M, --echo-samples N, --only a,b)`,
      );
    }
  }
  return options;
}
