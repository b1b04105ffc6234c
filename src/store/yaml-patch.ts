// Rewriting a YAML file a person may have edited so that it holds a new value, while every byte
// that did not need to change stays as it was: their comments, spacing, key order and quoting.
// The new text is a list of small edits to the old one (replace a scalar, add or drop a key or a
// list item); anything this cannot express falls back to a fresh rendering, and the result is
// always checked by parsing it again.
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { sameValue } from '../domain/same-value.js';

class CannotPatch extends Error {}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Renders a fresh value as YAML (a whole document); callers choose styles such as inline lists. */
export type Render = (value: unknown) => string;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number): number => {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
};
const column = (text: string, at: number): number => at - lineStart(text, at);
/** The start of `at`'s line, or of the whole-line comments right above it (not above `floor`): they belong to it. */
const startWithComments = (text: string, at: number, floor: number): number => {
  let start = lineStart(text, at);
  while (start > floor) {
    const above = lineStart(text, start - 1);
    if (above < floor || !/^[ \t]*#/.test(text.slice(above, start))) break;
    start = above;
  }
  return start;
};
const indent = (block: string, spaces: number): string =>
  block
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(spaces) + l))
    .join('\n');

function scalarText(value: unknown, inFlow: boolean): string {
  if (value !== null && typeof value === 'object') throw new CannotPatch('not a scalar');
  const plain = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  if (plain.includes('\n')) throw new CannotPatch('multi-line scalar');
  if (inFlow && typeof value === 'string' && (/[,[\]{}#&*!|>'"%@`]/.test(value) || plain !== value)) return JSON.stringify(value);
  return plain;
}

/** Where a node's own text ends: after its line for block content, right after it otherwise. */
function nodeEnd(text: string, node: Node): number {
  const [, valueEnd] = node.range!;
  return (isMap(node) || isSeq(node)) && !node.flow ? valueEnd : lineEnd(text, valueEnd);
}

export function patchYaml(text: string, next: unknown, render: Render): string {
  const doc = parseDocument(text, { schema: 'core', version: '1.2', merge: false, resolveKnownTags: false, logLevel: 'error' });
  if (doc.errors.length) throw new CannotPatch('unparsable');
  const edits: Edit[] = [];

  const replaceScalar = (node: Node, value: unknown, inFlow: boolean) => {
    const [start, end] = node.range!;
    edits.push({ start, end, text: scalarText(value, inFlow) });
  };

  const replaceFlow = (node: YAMLMap | YAMLSeq, value: unknown) => {
    const [start, end] = node.range!;
    const pad = text[start + 1] === ' ' ? ' ' : '';
    let inner: string;
    if (Array.isArray(value)) inner = value.map((v) => scalarText(v, true)).join(', ');
    else if (isPlainObject(value))
      inner = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${scalarText(k, true)}: ${scalarText(v, true)}`)
        .join(', ');
    else throw new CannotPatch('flow to scalar');
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    edits.push({ start, end, text: inner === '' ? `${open}${close}` : `${open}${pad}${inner}${pad}${close}` });
  };

  const diff = (node: Node | null, value: unknown, inFlow: boolean): void => {
    if (node === null) throw new CannotPatch('empty node');
    if (sameValue(node.toJSON(), value)) return;
    if (isScalar(node)) return replaceScalar(node, value, inFlow);
    if ((isMap(node) || isSeq(node)) && node.flow) return replaceFlow(node, value);
    if (isMap(node) && isPlainObject(value)) return diffMap(node, value);
    if (isSeq(node) && Array.isArray(value)) return diffSeq(node, value);
    throw new CannotPatch('shape changed');
  };

  const keyOf = (p: Pair): string => {
    if (!isScalar(p.key)) throw new CannotPatch('complex key');
    return String(p.key.value);
  };

  const diffMap = (map: YAMLMap, value: Record<string, unknown>) => {
    const pairs = map.items as Pair<Node, Node | null>[];
    if (pairs.length === 0) throw new CannotPatch('empty block map');
    const keyIndent = column(text, (pairs[0]!.key as Node).range![0]);
    for (const pair of pairs) {
      const key = keyOf(pair);
      if (value[key] === undefined) {
        edits.push({ start: lineStart(text, (pair.key as Node).range![0]), end: pair.value ? nodeEnd(text, pair.value) : lineEnd(text, (pair.key as Node).range![1]), text: '' });
      } else if (!sameValue(pair.value?.toJSON() ?? null, value[key])) {
        // When a value cannot be edited in place, only that key is written afresh.
        const mark = edits.length;
        try {
          if (pair.value === null) throw new CannotPatch('empty value');
          diff(pair.value, value[key], false);
        } catch (e) {
          if (!(e instanceof CannotPatch)) throw e;
          edits.length = mark;
          const start = lineStart(text, (pair.key as Node).range![0]);
          const end = pair.value ? nodeEnd(text, pair.value) : lineEnd(text, (pair.key as Node).range![1]);
          edits.push({ start, end, text: indent(render({ [key]: value[key] }), keyIndent) });
        }
      }
    }
    const present = new Set(pairs.map(keyOf));
    const added = Object.entries(value).filter(([k, v]) => v !== undefined && !present.has(k));
    if (added.length) {
      const last = pairs[pairs.length - 1]!;
      const at = last.value ? nodeEnd(text, last.value) : lineEnd(text, (last.key as Node).range![1]);
      const block = render(Object.fromEntries(added));
      edits.push({ start: at, end: at, text: `${text[at - 1] === '\n' || at === 0 ? '' : '\n'}${indent(block, keyIndent)}` });
    }
  };

  const diffSeq = (seq: YAMLSeq, value: unknown[]) => {
    const items = seq.items as Node[];
    const ids = (xs: unknown[]) => xs.map((x) => (isPlainObject(x) && typeof x.id === 'string' ? x.id : undefined));
    const oldIds = ids(items.map((n) => n.toJSON()));
    const newIds = ids(value);
    const byId = oldIds.every((x) => x !== undefined) && newIds.every((x) => x !== undefined) && new Set(newIds).size === newIds.length;
    if (items.length === 0 || value.length === 0) throw new CannotPatch('list emptied or filled');
    const dash = column(text, items[0]!.range![0]) - 2;
    if (text.slice(lineStart(text, items[0]!.range![0]) + dash, items[0]!.range![0]) !== '- ') throw new CannotPatch('unusual list layout');
    if (!byId) {
      // Without ids, items pair up by position; the list may grow or shrink at its end.
      items.forEach((n, i) => {
        if (i < value.length) diff(n, value[i], false);
        else edits.push({ start: lineStart(text, n.range![0]), end: nodeEnd(text, n), text: '' });
      });
      const at = nodeEnd(text, items[items.length - 1]!);
      for (const v of value.slice(items.length)) edits.push({ start: at, end: at, text: indent(render([v]), dash) });
      return;
    }
    const wanted = new Map(newIds.map((id, i) => [id!, value[i]]));
    const kept: { id: string; node: Node }[] = [];
    items.forEach((n, i) => {
      const id = oldIds[i]!;
      if (!wanted.has(id)) edits.push({ start: lineStart(text, n.range![0]), end: nodeEnd(text, n), text: '' });
      else {
        kept.push({ id, node: n });
        diff(n, wanted.get(id), false);
      }
    });
    // New items go before the first kept item that follows them in the new order (and before the
    // comments written above it, which stay with it).
    const order = new Map(newIds.map((id, i) => [id!, i]));
    const fresh = newIds.map((id, i) => ({ id: id!, i })).filter(({ id }) => !kept.some((k) => k.id === id));
    for (const { i } of fresh) {
      const before = kept.find((k) => order.get(k.id)! > i);
      const previous = before ? items[items.indexOf(before.node) - 1] : undefined;
      const at = before ? startWithComments(text, before.node.range![0], previous ? nodeEnd(text, previous) : 0) : nodeEnd(text, items[items.length - 1]!);
      edits.push({ start: at, end: at, text: indent(render([value[i]]), dash) });
    }
  };

  const root = doc.contents;
  if (!isMap(root) || root.flow || !isPlainObject(next)) throw new CannotPatch('not a block mapping');
  diff(root, next, false);

  // Apply from the end so earlier offsets stay valid; inserts at one point keep their order.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of ordered) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * `next` as YAML: the old text with the fewest edits, or, when that cannot be done, a fresh
 * rendering. Either way the result reads back as `next`.
 */
export function rewriteYaml<T>(text: string | undefined, next: T, render: Render, fresh: (value: T) => string = render): string {
  if (text !== undefined) {
    try {
      const patched = patchYaml(text, next, render);
      if (sameValue(parseDocument(patched, { schema: 'core', version: '1.2' }).toJS(), next)) return patched;
    } catch (e) {
      if (!(e instanceof CannotPatch)) throw e;
    }
  }
  return fresh(next);
}
