// Reading a YAML file a person may have edited by hand, safely: a size cap, a nesting guard
// that runs before the parser (yaml 2.9.1 can kill Node on a second deeply nested document:
// reference/reliability.md 2.2), pinned parser options, warnings treated as errors, no aliases,
// a schemaVersion gate, then zod, with every problem mapped to file:line:column and field.
import { Composer, isMap, isNode, isScalar, LineCounter, Parser, YAMLParseError, type Document } from 'yaml';
import * as z from 'zod';
import { InputError, type Problem } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';

export const MAX_FILE_BYTES = 5_000_000;
export const MAX_DEPTH = 64;

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  resolveKnownTags: false,
  uniqueKeys: true,
  strict: true,
  stringKeys: true,
  // 'error', not 'silent': 'silent' also drops yaml's MULTIPLE_DOCS error, and the second
  // document of a file would be ignored without a word. Warnings are not printed at 'error'.
  logLevel: 'error',
} as const;

interface Token {
  type?: string;
  offset?: number;
  source?: string;
  value?: unknown;
  items?: { key?: unknown; value?: unknown }[];
}

/** The parser's tokens of a text (lexed once: the guards below and the composer share them). */
const tokensOf = (text: string, lines?: LineCounter): unknown[] => [...new Parser(lines?.addNewLine).parse(text)];

/** Visits the parser's tokens with an explicit stack: safe at any depth, unlike the composer. */
function walkTokens(tokens: readonly unknown[], visit: (t: Token, depth: number) => void): void {
  const stack: [unknown, number][] = [];
  for (const token of tokens) stack.push([token, 0]);
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    if (!t || typeof t !== 'object') continue;
    const tok = t as Token;
    const collection = tok.type === 'block-map' || tok.type === 'block-seq' || tok.type === 'flow-collection';
    const d = collection ? depth + 1 : depth;
    visit(tok, d);
    if (tok.type === 'document') stack.push([tok.value, d]);
    if (collection) for (const it of tok.items ?? []) stack.push([it.key, d], [it.value, d]);
  }
}

/** Nesting depth of a YAML text. */
export const nestingDepth = (text: string): number => depthOf(tokensOf(text));

function depthOf(tokens: readonly unknown[]): number {
  let max = 0;
  walkTokens(tokens, (_, d) => {
    if (d > max) max = d;
  });
  return max;
}

/** Where a quoted value opens without closing: yaml reports it at the end of the file. */
function unclosedQuote(tokens: readonly unknown[]): number | undefined {
  let at: number | undefined;
  walkTokens(tokens, (t) => {
    const q = t.type === 'double-quoted-scalar' ? '"' : t.type === 'single-quoted-scalar' ? "'" : undefined;
    const src = t.source ?? '';
    if (q && at === undefined && (src.length < 2 || !src.endsWith(q))) at = t.offset;
  });
  return at;
}

export interface ParsedYaml {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

const byPosition = (a: Problem, b: Problem): number => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** Line and column (1-based) of a character offset, counted without the parser. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The codes the loader throws; each call of fail names one as a literal, which tests/errors scans for. */
type LoaderCode = 'file-too-large' | 'not-text' | 'too-deep' | 'yaml-syntax' | 'yaml-alias' | 'empty-file' | 'not-a-mapping' | 'newer-schema' | 'invalid-content';

function fail(code: LoaderCode, file: string, what: string, problems: Problem[], hint?: string): never {
  throw new InputError(code, `${file} ${what}`, problems, hint ?? 'fix the file and run the command again; nothing was changed');
}

/** Parses `text` (the content of `file`) into plain data, or throws an InputError. */
export function parseYaml(file: string, text: string): ParsedYaml {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES)
    fail('file-too-large', file, 'is too large', [{ file, message: `is larger than ${MAX_FILE_BYTES / 1_000_000} MB; imgplan files are far smaller` }], 'check that it is the right file; nothing was changed');
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    fail('not-text', file, 'is not a text file', [{ file, ...positionOf(text, nul), message: 'contains NUL bytes; it is not a YAML text file' }], 'save it as UTF-8 text (editors offer it when saving), or give the right file; nothing was changed');
  const lines = new LineCounter();
  const tokens = tokensOf(text, lines);
  const depth = depthOf(tokens);
  if (depth > MAX_DEPTH)
    fail('too-deep', file, 'is nested too deeply', [{ file, line: 1, column: 1, message: `nests ${depth} levels deep; imgplan files need at most ${MAX_DEPTH}` }]);
  const doc = composeOne(tokens, text.length);
  const problems = [...doc.errors, ...doc.warnings].map((e): Problem => {
    const message = e.code === 'MULTIPLE_DOCS' ? 'a second YAML document starts here; an imgplan file holds one document' : e.message.split('\n')[0]!;
    const opened = e.code === 'MISSING_CHAR' && /quote/.test(message) ? unclosedQuote(tokens) : undefined;
    const pos = lines.linePos(opened ?? e.pos[0]);
    return { file, line: pos.line, column: pos.col, message: opened !== undefined ? 'this quoted value is never closed' : message };
  });
  problems.sort(byPosition);
  if (problems.length) fail('yaml-syntax', file, 'is not valid YAML', problems);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch {
    fail('yaml-alias', file, 'uses YAML aliases', [{ file, ...firstAliasPosition(text, lines), message: 'aliases (*name) are not allowed in imgplan files; write the value out' }]);
  }
  if (data === null || data === undefined)
    fail('empty-file', file, 'is empty', [{ file, line: 1, column: 1, message: 'the file holds no data' }]);
  if (typeof data !== 'object' || Array.isArray(data))
    fail('not-a-mapping', file, 'is not a mapping', [{ file, line: 1, column: 1, message: 'must be a mapping of keys to values (key: value)' }]);
  return { file, doc, lines, data };
}

/** The one document of the tokens, as yaml's parseDocument composes it (a second one is an error). */
function composeOne(tokens: readonly unknown[], length: number): Document.Parsed {
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(PARSE_OPTIONS).compose(tokens as Parameters<Composer['compose']>[0], true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(…, forceDoc = true) always ends with a document.
  return doc!;
}

function firstAliasPosition(text: string, lines: LineCounter): { line: number; column: number } {
  const i = text.search(/(^|[\s[{,:-])\*[^\s,\]}]/m);
  const { line, col } = lines.linePos(i < 0 ? 0 : i + 1);
  return { line, column: col };
}

/** Where a field path sits in the file: the node itself, or its nearest existing parent. */
export function locate(parsed: ParsedYaml, path: readonly PropertyKey[], keyOf?: string): { line: number; column: number } {
  const { doc, lines } = parsed;
  let p = [...path];
  if (keyOf !== undefined) {
    const map = p.length ? doc.getIn(p, true) : doc.contents;
    if (isMap(map)) {
      const pair = map.items.find((it) => isScalar(it.key) && String(it.key.value) === keyOf);
      const range = isNode(pair?.key) ? pair.key.range : undefined;
      if (range) {
        const { line, col } = lines.linePos(range[0]);
        return { line, column: col };
      }
    }
  }
  for (;;) {
    const node = p.length ? doc.getIn(p, true) : doc.contents;
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { line, column: col };
    }
    if (!p.length) return { line: 1, column: 1 };
    p = p.slice(0, -1);
  }
}

export const fieldPath = (path: readonly PropertyKey[]): string =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || '(top level)';

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}

/** zod's type names in the words of a YAML file. */
const EXPECTED: Partial<Record<string, string>> = { int: 'a whole number', object: 'a mapping', array: 'a list' };

/** Plain-language messages for zod's issues: what was expected and what was found. */
function issueMessage(iss: z.core.$ZodIssue, input: unknown, written: string | undefined): string {
  switch (iss.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      // YAML reads 01234 as the number 1234: show what the person wrote, and how to keep it.
      if (iss.expected === 'string' && written !== undefined) return `must be a string, got ${written}; put it in quotes ("${written}") to keep it as written`;
      return `must be ${EXPECTED[iss.expected] ?? `a ${iss.expected}`}, got ${describe(input)}`;
    case 'invalid_value': {
      const values = iss.values.map(String);
      if (input === undefined) return values.length > 12 ? 'is required' : `is required: one of ${values.join(', ')}`;
      const guess = typeof input === 'string' ? nearest(input, values, 1)[0] : undefined;
      if (values.length > 12) return `${describe(input)} is not a known value${guess ? `; did you mean "${guess}"?` : ''}`;
      return `must be one of ${values.join(', ')}; got ${describe(input)}`;
    }
    case 'too_small':
    case 'too_big': {
      // Schemas with their own wording (e.g. the Match-year range) keep it.
      if (!/^Too (small|big)/.test(iss.message)) return iss.message;
      const bound = iss.code === 'too_small' ? `at least ${iss.minimum}` : `at most ${iss.maximum}`;
      if (iss.origin === 'number' || iss.origin === 'int') return `must be ${bound}, got ${describe(input)}`;
      if (iss.origin === 'array') return `must list ${bound} item${Number(iss.code === 'too_small' ? iss.minimum : iss.maximum) === 1 ? '' : 's'}`;
      if (iss.origin === 'string') return `must be ${bound} characters long`;
      return iss.message;
    }
    default:
      return iss.message;
  }
}

/** The source text of a scalar that YAML read as something other than a string (01234, true, 1.10). */
function writtenAs(parsed: ParsedYaml, path: readonly PropertyKey[]): string | undefined {
  const node = path.length ? parsed.doc.getIn(path as unknown[], true) : undefined;
  return isScalar(node) && node.value !== null && typeof node.value !== 'string' && typeof node.source === 'string' && node.source !== '' ? node.source : undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export interface VersionGate {
  /** What this build of imgplan writes and understands. */
  current: number;
  /** What the file is, in words: "profile", "plan". */
  kind: string;
}

/** Validates parsed data against `schema`, reporting every problem with its place in the file. */
export function validate<S extends z.ZodType>(parsed: ParsedYaml, schema: S, gate: VersionGate): z.output<S> {
  const { file, data } = parsed;
  const version = (data as Record<string, unknown>).schemaVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > gate.current)
    fail('newer-schema', file, `was written by a newer imgplan`, [
      { file, ...locate(parsed, ['schemaVersion']), field: 'schemaVersion', message: `${version} is newer than this imgplan understands (${gate.kind} files up to version ${gate.current})` },
    ], 'upgrade imgplan to read this file; it was not changed');
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems: Problem[] = [];
  // zod 4 still runs length checks (.min/.max) on a value of the wrong type when it has a length,
  // so "targetSpecialties: internal-medicine" would also get "name at most 5": keep the type error.
  const wrongType = new Set(result.error.issues.filter((i) => i.code === 'invalid_type').map((i) => JSON.stringify(i.path)));
  for (const iss of result.error.issues) {
    if (iss.code !== 'invalid_type' && wrongType.has(JSON.stringify(iss.path))) continue;
    if (iss.code === 'unrecognized_keys') {
      const parentShape = iss.path;
      for (const key of iss.keys) {
        const siblings = Object.keys((valueAt(data, parentShape) as object) ?? {});
        const known = knownKeys(schema, parentShape).filter((k) => !siblings.includes(k));
        const guess = nearest(key, known, 1)[0];
        problems.push({
          file,
          ...locate(parsed, parentShape, key),
          field: fieldPath([...parentShape, key]),
          message: `unknown key${guess ? `; did you mean "${guess}"?` : ''}`,
        });
      }
      continue;
    }
    problems.push({ file, ...locate(parsed, iss.path), field: fieldPath(iss.path), message: issueMessage(iss, valueAt(data, iss.path), writtenAs(parsed, iss.path)) });
  }
  problems.sort(byPosition);
  fail('invalid-content', file, `is not a valid ${gate.kind}`, problems);
}

/** The keys a strict object schema allows at `path`, for "did you mean" suggestions. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let guard = 0; guard < 10; guard++) {
      const def = (x as { _zod?: { def?: { type?: string; innerType?: unknown; in?: unknown; element?: unknown; shape?: unknown } } })?._zod?.def;
      if (!def) return x;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else return x;
    }
    return x;
  };
  for (const k of path) {
    s = unwrap(s);
    const def = (s as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } } })?._zod?.def;
    if (def?.type === 'object' && typeof k === 'string') s = def.shape?.[k];
    else if (def?.type === 'array') s = def.element;
    else return [];
  }
  const def = (unwrap(s) as { _zod?: { def?: { type?: string; shape?: Record<string, unknown> } } })?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}
