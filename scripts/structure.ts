// `npm run structure`: the shape of the code, from the TypeScript compiler's own parse — the
// largest source files and longest functions of server/, client/ and shared/ (tests excluded),
// and the import cycles between folders. `--check server` exits 1 when server/ has a file over
// MAX_FILE_LINES lines, a function over MAX_FUNCTION_LINES lines, or a folder cycle; `--cycles`
// (run by `npm run lint`) prints only the cycles of every layer and exits 1 if there is one.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** A file one can read in a sitting (STYLE.md: small files, one responsibility each). */
const MAX_FILE_LINES = 300;
/** A function one can hold in one's head. */
const MAX_FUNCTION_LINES = 80;
/** Rows of each list. */
const SHOWN = 10;
const LAYERS = ['server', 'client', 'shared'] as const;
type Layer = (typeof LAYERS)[number];

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

interface FunctionSpan {
  file: string;
  name: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'integration' || name === 'node_modules') continue;
      files.push(...sourceFiles(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

function functionName(node: ts.Node, source: ts.SourceFile): string {
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessor(node) ||
      ts.isSetAccessor(node)) &&
    node.name
  ) {
    const owner =
      ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return `${owner}${node.name.getText(source)}`;
  }
  if (ts.isConstructorDeclaration(node) && ts.isClassLike(node.parent)) {
    return `${node.parent.name?.text ?? 'class'}.constructor`;
  }
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isPropertyAssignment(parent)
  ) {
    return parent.name.getText(source);
  }
  return '(anonymous)';
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/**
 * The node a file belongs to for cycles: its folder (`server/auth`); a file at a layer's root
 * (`server/app.ts`, the composition root, imports every folder) is a node of its own. An import
 * without an extension (`../shared/x`) names the same node as with one.
 */
function folderOf(file: string): string {
  const parts = relative(root, file).replace(/\.js$/, '.ts').split(sep);
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join('/');
}

function analyse(layer: Layer) {
  const files = sourceFiles(join(root, layer));
  const sizes: Array<{ file: string; lines: number }> = [];
  const functions: FunctionSpan[] = [];
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const name = relative(root, file);
    sizes.push({ file: name, lines: source.getLineStarts().length });
    const visit = (node: ts.Node): void => {
      if (isFunction(node) && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        functions.push({ file: name, name: functionName(node, source), lines: end - start + 1 });
      }
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier) &&
        node.moduleSpecifier.text.startsWith('.')
      ) {
        const target = resolve(dirname(file), node.moduleSpecifier.text);
        const from = folderOf(file);
        const to = folderOf(target);
        if (from !== to && to.split('/')[0] === layer) {
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)!.add(to);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return {
    sizes: sizes.sort((a, b) => b.lines - a.lines),
    functions: functions.sort((a, b) => b.lines - a.lines),
    cycles: folderCycles(edges),
  };
}

/** Strongly connected components of more than one folder (Tarjan), each a cycle of imports. */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) connect(node);
  return cycles;
}

if (process.argv.includes('--cycles')) {
  const found = LAYERS.flatMap((layer) => analyse(layer).cycles);
  for (const cycle of found) process.stderr.write(`folder import cycle: ${cycle.join(' ↔ ')}\n`);
  process.exit(found.length > 0 ? 1 : 0);
}

const checked = process.argv.includes('--check') ? process.argv.at(-1) : undefined;
const summary: string[] = [];
let failed = false;
for (const layer of LAYERS) {
  const { sizes, functions, cycles } = analyse(layer);
  const bigFiles = sizes.filter((entry) => entry.lines > MAX_FILE_LINES);
  const longFunctions = functions.filter((entry) => entry.lines > MAX_FUNCTION_LINES);
  process.stdout.write(`## ${layer}/\n\nLargest files (lines):\n`);
  for (const entry of sizes.slice(0, SHOWN))
    process.stdout.write(`  ${String(entry.lines).padStart(5)}  ${entry.file}\n`);
  process.stdout.write('Longest functions (lines):\n');
  for (const entry of functions.slice(0, SHOWN)) {
    process.stdout.write(`  ${String(entry.lines).padStart(5)}  ${entry.file}  ${entry.name}\n`);
  }
  process.stdout.write(
    cycles.length === 0
      ? 'Folder import cycles: none\n\n'
      : `Folder import cycles:\n${cycles.map((cycle) => `  ${cycle.join(' ↔ ')}\n`).join('')}\n`,
  );
  summary.push(
    `${layer}: ${bigFiles.length} files over ${MAX_FILE_LINES} lines, ${longFunctions.length} functions over ${MAX_FUNCTION_LINES}, ${cycles.length} folder cycles`,
  );
  if (layer === checked && (bigFiles.length > 0 || longFunctions.length > 0 || cycles.length > 0)) {
    failed = true;
  }
}
process.stdout.write(`${summary.join('; ')}\n`);
process.exitCode = failed ? 1 : 0;
