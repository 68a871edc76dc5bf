// Parsing a configuration, a pure function: YAML text or a plain object (the embedded default),
// with the command-line overrides, in; a fully defaulted GatewayConfig, or every problem at once,
// out. Reading the file is a separate step (cli/configFile.ts).

import { isNode, parseDocument, type Document, type YAMLError } from 'yaml';
import type * as z from 'zod';
import { crossCheck } from './crossCheck.js';
import { DEFAULT_HOST, DEFAULT_PORT, embeddedDefaultInput } from './defaults.js';
import type { GatewayConfig } from './gatewayConfig.js';
import { operationsCrossCheck } from './operations.js';
import { isMapping, type ConfigProblem } from './rules.js';
import { configSchema, knownKeys, listenSchema } from './schema.js';
import { errorMessage } from '../log.js';

/**
 * An invalid configuration. `problems` are lines `path.to.field: what is wrong` (YAML syntax
 * errors: `line L, column C: …`), in file order. They never quote a password hash field's value.
 */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super([`${source}: invalid configuration`, ...problems.map((line) => `  ${line}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

type Path = readonly PropertyKey[];

/** Settings given on the command line (`tmuxgate serve --host H --port P`), as typed there. */
export interface ConfigOverrides {
  host?: string | undefined;
  port?: string | undefined;
}

/** The `source` of a ConfigError about the command-line overrides. */
export const COMMAND_LINE = 'command line';

/** Where the embedded default's problems are said to be. */
export const EMBEDDED_DEFAULT = 'embedded default configuration';

function problemsFromZod(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: [...issue.path, key],
          message: `unknown key (known keys: ${knownKeys(issue.path).join(', ')})`,
        }))
      : [{ path: issue.path, message: issue.message }],
  );
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment) => {
      const text = String(segment);
      return /^[A-Za-z0-9_@*-]+$/.test(text) ? text : JSON.stringify(text);
    })
    .join('.');
}

/**
 * Where a problem at `path` belongs in the file, to list problems in file order: the start of its
 * node, or for a missing key the end of the nearest mapping that exists (after its other problems).
 */
function offsetOf(doc: Document, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return depth === path.length ? node.range[0] : node.range[1];
  }
  return 0;
}

/** YAML's own message without the position and source excerpt it appends (the excerpt could hold a secret). */
function yamlProblem(error: YAMLError): string {
  const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const position = error.linePos?.[0];
  return position ? `line ${position.line}, column ${position.col}: ${message}` : message;
}

/** Parses and validates configuration text; `source` names it in errors (usually the file path). */
export function parseConfig(
  text: string,
  source: string,
  overrides: ConfigOverrides = {},
): GatewayConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError(source, doc.errors.map(yamlProblem));
  let raw: unknown;
  try {
    // An empty file is an empty mapping, which then reports what is required.
    raw = doc.toJS() ?? {};
  } catch (error) {
    throw new ConfigError(source, [`(top level): ${errorMessage(error)}`]);
  }
  return parseRaw(raw, source, overrides, (path) => offsetOf(doc, path));
}

/** Parses and validates configuration given as plain data (what a YAML file holds). */
export function parseConfigObject(
  raw: unknown,
  source: string,
  overrides: ConfigOverrides = {},
): GatewayConfig {
  // Without a document, problems keep the order they were found in.
  return parseRaw(raw, source, overrides, () => 0);
}

/** The embedded default (`tmuxgate serve` without --config), validated like a file. */
export function parseEmbeddedDefault(
  stateDir: string,
  overrides: ConfigOverrides = {},
): GatewayConfig {
  return parseConfigObject(embeddedDefaultInput(stateDir), EMBEDDED_DEFAULT, overrides);
}

/**
 * Problems with the command-line overrides, checked by the same rules as listen.host and
 * listen.port in a file: `--port "abc": must be a whole number from 0 to 65535`.
 */
export function overrideProblems(overrides: ConfigOverrides): string[] {
  const { host, port } = listenSchema.shape;
  const checks = [
    { option: '--host', value: overrides.host, result: host.safeParse(overrides.host) },
    { option: '--port', value: overrides.port, result: port.safeParse(portValue(overrides.port)) },
  ];
  return checks.flatMap(({ option, value, result }) =>
    value === undefined || result.success
      ? []
      : result.error.issues.map((issue) => `${option} ${JSON.stringify(value)}: ${issue.message}`),
  );
}

/** A port as typed: digits are a number (which the port rule bounds); anything else stays text. */
function portValue(text: string | undefined): unknown {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

/** `raw` with the overrides in place of its listen.host and listen.port. */
function withOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (overrides.host === undefined && overrides.port === undefined) return raw;
  if (!isMapping(raw) || (raw.listen !== undefined && !isMapping(raw.listen))) return raw;
  return {
    ...raw,
    listen: {
      ...raw.listen,
      ...(overrides.host === undefined ? {} : { host: overrides.host }),
      ...(overrides.port === undefined ? {} : { port: portValue(overrides.port) }),
    },
  };
}

/**
 * The file (or object) is checked as written, so a broken value is reported even when an
 * override replaces it; then again with the overrides, for the rules across settings.
 */
function parseRaw(
  raw: unknown,
  source: string,
  overrides: ConfigOverrides,
  offset: (path: Path) => number,
): GatewayConfig {
  const refused = overrideProblems(overrides);
  if (refused.length > 0) throw new ConfigError(COMMAND_LINE, refused);
  const asWritten = validate(raw, source, offset);
  const overridden = withOverrides(raw, overrides);
  return overridden === raw ? asWritten : validate(overridden, source, offset);
}

function validate(raw: unknown, source: string, offset: (path: Path) => number): GatewayConfig {
  const result = configSchema.safeParse(raw);
  const problems = [
    ...(result.success ? [] : problemsFromZod(result.error.issues)),
    ...crossCheck(raw),
    ...operationsCrossCheck(raw, { host: DEFAULT_HOST, port: DEFAULT_PORT }),
  ];
  if (problems.length > 0 || !result.success) {
    const ordered = problems
      .map((problem) => ({ ...problem, offset: offset(problem.path) }))
      .sort((a, b) => a.offset - b.offset);
    throw new ConfigError(
      source,
      ordered.map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
    );
  }
  return result.data;
}
