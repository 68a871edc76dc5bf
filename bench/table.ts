// Renders one workload's results as a Markdown table (metric, raw, gateway, gateway/raw), and its rows.

export interface Metric {
  name: string;
  raw: number;
  /** The minimal relay's figure, in workloads that measure it. */
  relay?: number;
  gateway: number;
  /** Digits after the decimal point when printed. */
  digits: number;
}

export interface ResultTable {
  title: string;
  metrics: Metric[];
}

function format(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function ratio(value: number, base: number): string {
  return format(base === 0 ? Number.NaN : value / base, 2);
}

export function renderTable(table: ResultTable): string {
  const withRelay = table.metrics.some((metric) => metric.relay !== undefined);
  const lines = [
    `### ${table.title}`,
    '',
    withRelay
      ? '| metric | raw | relay | gateway | gateway/raw | gateway/relay |'
      : '| metric | raw | gateway | gateway/raw |',
    withRelay ? '|---|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|',
  ];
  for (const metric of table.metrics) {
    const { raw, gateway, digits } = metric;
    const relay = metric.relay ?? Number.NaN;
    lines.push(
      withRelay
        ? `| ${metric.name} | ${format(raw, digits)} | ${format(relay, digits)} | ${format(gateway, digits)} | ${ratio(gateway, raw)} | ${ratio(gateway, relay)} |`
        : `| ${metric.name} | ${format(raw, digits)} | ${format(gateway, digits)} | ${ratio(gateway, raw)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The rows of a workload measured each way: `row(name, key, digits)` reads `key` of each result
 * (the relay's when it was measured).
 */
export function rowsOf<R extends { [K in keyof R]: number }>(raw: R, gateway: R, relay?: R) {
  return (name: string, key: keyof R, digits: number): Metric => ({
    name,
    raw: raw[key],
    ...(relay === undefined ? {} : { relay: relay[key] }),
    gateway: gateway[key],
    digits,
  });
}
