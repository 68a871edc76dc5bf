// A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every
// line must be a HELP, a TYPE or a sample of a declared family, or parsing fails.

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
/** Suffixes a histogram or summary family's samples carry. */
const FAMILY_SUFFIXES = ['_bucket', '_sum', '_count', '_created'];

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the sample with exactly these labels, or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The sum over every sample of `name` whose labels include `labels`. */
  sum(name: string, labels?: Record<string, string>): number;
}

/** Like Prometheus (Go's ParseFloat), NaN and Inf in any case: prom-client writes `Nan`. */
function parseValue(text: string, line: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    throw new Error(`bad sample value "${text}" in: ${line}`);
  }
  return Number(text);
}

/** Parses `{a="x",b="y\"z"}` from `text` at index 0; returns the labels and what follows. */
function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let index = 1;
  while (text[index] !== '}') {
    const eq = text.indexOf('=', index);
    const name = text.slice(index, eq);
    if (eq < 0 || !LABEL_NAME.test(name) || text[eq + 1] !== '"') {
      throw new Error(`bad label in: ${line}`);
    }
    let value = '';
    let at = eq + 2;
    for (; at < text.length && text[at] !== '"'; at++) {
      if (text[at] === '\\') {
        const escaped = text[++at];
        if (escaped === 'n') value += '\n';
        else if (escaped === '\\' || escaped === '"') value += escaped;
        else throw new Error(`bad escape in: ${line}`);
      } else value += text[at];
    }
    if (at >= text.length) throw new Error(`unterminated label value in: ${line}`);
    if (name in labels) throw new Error(`duplicate label ${name} in: ${line}`);
    labels[name] = value;
    index = at + 1;
    if (text[index] === ',') index++;
    else if (text[index] !== '}') throw new Error(`bad label list in: ${line}`);
  }
  return { labels, rest: text.slice(index + 1) };
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const suffix = FAMILY_SUFFIXES.find((end) => name.endsWith(end));
  const base = suffix ? name.slice(0, -suffix.length) : undefined;
  return base !== undefined && types.has(base) ? base : undefined;
}

export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const [hash, keyword, name = '', ...rest] = line.split(' ');
      if (hash !== '#' || (keyword !== 'HELP' && keyword !== 'TYPE')) continue; // a comment
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (keyword === 'TYPE') {
        const type = rest.join(' ');
        if (!TYPES.has(type)) throw new Error(`bad type in: ${line}`);
        if (types.has(name)) throw new Error(`second TYPE for ${name}`);
        types.set(name, type);
      }
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    const name = line.slice(0, nameEnd);
    if (nameEnd < 0 || !METRIC_NAME.test(name)) throw new Error(`bad sample line: ${line}`);
    const { labels, rest } =
      line[nameEnd] === '{'
        ? parseLabels(line.slice(nameEnd), line)
        : { labels: {}, rest: line.slice(nameEnd) };
    const fields = rest.trim().split(' ');
    if (!rest.startsWith(' ') || fields.length < 1 || fields.length > 2) {
      throw new Error(`bad sample line: ${line}`);
    }
    if (!familyOf(name, types)) throw new Error(`sample of an undeclared family: ${line}`);
    samples.push({ name, labels, value: parseValue(fields[0] ?? '', line) });
  }
  const matches = (sample: Sample, name: string, labels: Record<string, string>) =>
    sample.name === name &&
    Object.entries(labels).every(([key, value]) => sample.labels[key] === value);
  return {
    types,
    samples,
    value: (name, labels = {}) =>
      samples.find(
        (sample) =>
          matches(sample, name, labels) &&
          Object.keys(sample.labels).length === Object.keys(labels).length,
      )?.value,
    sum: (name, labels = {}) =>
      samples
        .filter((sample) => matches(sample, name, labels))
        .reduce((total, sample) => total + sample.value, 0),
  };
}
