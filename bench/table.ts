// Renders one workload's results as a Markdown table (metric, raw, gateway, gateway/raw), and its rows.

export interface Metric {
  name: string;
  raw: number;
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

export function renderTable(table: ResultTable): string {
  const lines = [
    `### ${table.title}`,
    '',
    '| metric | raw | gateway | gateway/raw |',
    '|---|---:|---:|---:|',
  ];
  for (const metric of table.metrics) {
    const ratio = metric.raw === 0 ? Number.NaN : metric.gateway / metric.raw;
    lines.push(
      `| ${metric.name} | ${format(metric.raw, metric.digits)} | ${format(metric.gateway, metric.digits)} | ${format(ratio, 2)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The rows of a workload measured both ways: `row(name, key, digits)` reads `key` of each result. */
export function rowsOf<R extends { [K in keyof R]: number }>(raw: R, gateway: R) {
  return (name: string, key: keyof R, digits: number): Metric => ({
    name,
    raw: raw[key],
    gateway: gateway[key],
    digits,
  });
}
