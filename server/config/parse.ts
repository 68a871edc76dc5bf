// Reads the YAML configuration file into a GatewayConfig, reporting every problem at once.

import { readFile } from 'node:fs/promises';
import { isNode, parseDocument, type Document, type YAMLError } from 'yaml';
import type * as z from 'zod';
import { DEFAULT_HOST, DEFAULT_PORT, type GatewayConfig } from './config.js';
import { crossCheck } from './configCrossCheck.js';
import type { ConfigProblem } from './configRules.js';
import { configSchema, knownKeys } from './configSchema.js';
import { describeReadError } from './fileErrors.js';
import { operationsCrossCheck, operationsFileProblems } from './operationsConfigSchema.js';

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
export function parseConfig(text: string, source: string): GatewayConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError(source, doc.errors.map(yamlProblem));
  let raw: unknown;
  try {
    // An empty file is an empty mapping, which then reports what is required.
    raw = doc.toJS() ?? {};
  } catch (error) {
    throw new ConfigError(source, [
      `(top level): ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }

  const result = configSchema.safeParse(raw);
  const problems = [
    ...(result.success ? [] : problemsFromZod(result.error.issues)),
    ...crossCheck(raw),
    ...operationsCrossCheck(raw, { host: DEFAULT_HOST, port: DEFAULT_PORT }),
  ];
  if (problems.length > 0 || !result.success) {
    const ordered = problems
      .map((problem) => ({ ...problem, offset: offsetOf(doc, problem.path) }))
      .sort((a, b) => a.offset - b.offset);
    throw new ConfigError(
      source,
      ordered.map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
    );
  }
  const config: GatewayConfig = result.data;
  return config;
}

/** Reads and validates the configuration file at `path`. Throws ConfigError when it is invalid. */
export async function loadConfigFile(path: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read configuration file ${path}: ${describeReadError(error)}`, {
      cause: error,
    });
  }
  const config = parseConfig(text, path);
  // The files it names (TLS certificate and key) must be usable too, or start is refused.
  const fileProblems = await operationsFileProblems(config);
  if (fileProblems.length > 0) throw new ConfigError(path, fileProblems);
  return config;
}
