// sameValue (src/domain/same-value.ts): equal plain data whatever the key order, a key holding
// undefined counting as absent; checked against a canonical rendering of both values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameValue } from '../../src/domain/same-value.js';

/** JSON with sorted keys and undefined values left out: equal strings, equal values. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([, y]) => y !== undefined).sort(([p], [q]) => (p < q ? -1 : 1)))
      : x,
  );

/** `v` with every object's keys in another order and, where `hole`, an undefined key added. */
const reorder = (v: unknown, seed: number, hole: boolean): unknown => {
  if (Array.isArray(v)) return v.map((x, i) => reorder(x, seed + i, hole));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v).map(([k, x], i) => [k, reorder(x, seed + i, hole)] as const);
  const turned = [...entries.slice(seed % (entries.length || 1)), ...entries.slice(0, seed % (entries.length || 1))];
  return Object.fromEntries(hole ? [...turned, ['absent', undefined]] : turned);
};

const value = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe('sameValue', () => {
  it('agrees with canonical JSON on unrelated values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameValue(a, b)).toBe(canonical(a) === canonical(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for a value and the same value with its keys reordered and undefined keys added', () => {
    fc.assert(
      fc.property(value, fc.nat(), fc.boolean(), (a, seed, hole) => {
        const b = reorder(a, seed, hole);
        expect(sameValue(a, b)).toBe(true);
        expect(sameValue(b, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells values apart that differ in one place', () => {
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'y' }] })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue({ a: 1 }, { b: 1 })).toBe(false);
  });
});
