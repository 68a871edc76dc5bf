// Issue 18's table: each target it sets, read from the tables of this run, with whether it is met.
// A row whose workload did not run (`--only`, smaller viewer counts) is left out.

import type { Metric, ResultTable } from './table.js';

/** Where a figure comes from: the table whose title starts with `table`, its metric `metric`. */
interface Source {
  table: string;
  metric: string;
}

/** The ratio a target bounds, or an absolute bound on the gateway's figure. */
type Bound =
  | { of: 'relay' | 'raw'; at: 'most' | 'least'; ratio: number }
  | { of: 'absolute'; at: 'most'; value: number; unit: string };

interface Target {
  name: string;
  source: Source;
  /** Where raw's figure comes from when not the same table (2,000 viewers against raw at 1,000). */
  rawFrom?: Source;
  bound?: Bound;
}

const FANOUT_P50 = 'keystroke to all viewers p50, ms';
const fanout = (viewers: number, gatewayOnly = false): string =>
  `fan-out: ${viewers} viewers + 1 writer${gatewayOnly ? '' : ' ('}`;

const TARGETS: Target[] = [
  {
    name: 'echo p50, ms',
    source: { table: 'echo:', metric: 'p50' },
    bound: { of: 'relay', at: 'most', ratio: 1.03 },
  },
  {
    name: 'echo p99, ms',
    source: { table: 'echo:', metric: 'p99' },
    bound: { of: 'relay', at: 'most', ratio: 1.0 },
  },
  {
    name: 'throughput, pane output MB/s',
    source: { table: 'throughput:', metric: 'pane output MB/s' },
    bound: { of: 'relay', at: 'least', ratio: 1.0 },
  },
  {
    name: 'MB a viewer receives during that flood',
    source: { table: 'throughput:', metric: 'MB received by a viewer until it saw the end' },
    bound: { of: 'relay', at: 'least', ratio: 0.9 },
  },
  {
    name: '10 viewers: keystroke reaches all, p50 ms',
    source: { table: fanout(10), metric: FANOUT_P50 },
    bound: { of: 'relay', at: 'most', ratio: 1.1 },
  },
  {
    name: '500 viewers: keystroke reaches all, p50 ms',
    source: { table: fanout(500), metric: FANOUT_P50 },
    bound: { of: 'raw', at: 'most', ratio: 1.0 },
  },
  {
    name: '1,000 viewers: keystroke reaches all, p50 ms',
    source: { table: fanout(1000), metric: FANOUT_P50 },
    bound: { of: 'raw', at: 'most', ratio: 1.0 },
  },
  {
    name: '1,000 viewers: PSS, MB',
    source: {
      table: fanout(1000),
      metric: 'PSS of gateway + its tmux clients (raw: the tmux clients), MB',
    },
    bound: { of: 'raw', at: 'most', ratio: 1.0 },
  },
  {
    name: '2,000 viewers (gateway) vs raw tmux at 1,000, p50 ms',
    source: { table: fanout(2000, true), metric: FANOUT_P50 },
    rawFrom: { table: fanout(1000), metric: FANOUT_P50 },
    bound: { of: 'raw', at: 'most', ratio: 1.0 },
  },
  {
    name: '5,000 viewers (gateway) vs raw tmux at 1,000, p50 ms',
    source: { table: fanout(5000, true), metric: FANOUT_P50 },
    rawFrom: { table: fanout(1000), metric: FANOUT_P50 },
  },
  {
    name: 'frozen viewer: gateway RSS idle before anyone joins, MB',
    source: {
      table: 'frozen viewer:',
      metric: 'RSS of the gateway and its tmux clients, idle before anyone joins, MB',
    },
  },
  {
    name: 'frozen viewer: gateway RSS, peak from the flood on, MB',
    source: {
      table: 'frozen viewer:',
      metric: 'RSS of the gateway and its tmux clients, peak from the flood on, MB',
    },
    bound: { of: 'absolute', at: 'most', value: 80, unit: 'MB' },
  },
];

function find(tables: ResultTable[], source: Source): Metric | undefined {
  return tables
    .find((table) => table.title.startsWith(source.table))
    ?.metrics.find((metric) => metric.name === source.metric);
}

const figure = (value: number | undefined, digits: number): string =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

function judge(bound: Bound | undefined, gateway: number, raw: number, relay?: number) {
  if (!bound) return { ratio: '—', target: '—', met: '—' };
  if (bound.of === 'absolute') {
    return { ratio: '—', target: `≤ ${bound.value} ${bound.unit}`, met: gateway <= bound.value };
  }
  const base = bound.of === 'relay' ? relay : raw;
  if (base === undefined || !Number.isFinite(base) || base === 0) {
    return {
      ratio: '—',
      target: `${bound.at === 'most' ? '≤' : '≥'} ${bound.ratio}× ${bound.of}`,
      met: '—',
    };
  }
  const ratio = gateway / base;
  return {
    ratio: `${ratio.toFixed(2)}×`,
    target: `${bound.at === 'most' ? '≤' : '≥'} ${bound.ratio.toFixed(2)}× ${bound.of}`,
    met: bound.at === 'most' ? ratio <= bound.ratio : ratio >= bound.ratio,
  };
}

/** The targets table of this run (undefined when no target's workload ran). */
export function renderTargets(tables: ResultTable[]): string | undefined {
  const lines: string[] = [];
  for (const target of TARGETS) {
    const metric = find(tables, target.source);
    if (!metric) continue;
    const raw = target.rawFrom ? find(tables, target.rawFrom)?.raw : metric.raw;
    const {
      ratio,
      target: bound,
      met,
    } = judge(target.bound, metric.gateway, raw ?? Number.NaN, metric.relay);
    const verdict = met === '—' ? '—' : met ? 'met' : '**not met**';
    lines.push(
      `| ${target.name} | ${figure(raw, metric.digits)} | ${figure(metric.relay, metric.digits)} | ${figure(metric.gateway, metric.digits)} | ${ratio} | ${bound} | ${verdict} |`,
    );
  }
  if (lines.length === 0) return undefined;
  return [
    '### targets (issue 18)',
    '',
    '| workload | raw tmux | minimal relay | tmuxgate | ratio | target | |',
    '|---|---:|---:|---:|---:|---|---|',
    ...lines,
    '',
  ].join('\n');
}
