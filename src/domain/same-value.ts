// Structural equality for plain data read from files: key order does not matter, and a key whose
// value is undefined counts as absent.

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Loops rather than Object.keys(...).filter(...): regenerate compares whole plans of a thousand
// tasks with this, and the arrays made for every object were most of its time.
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  let keys = 0;
  for (const k of Object.keys(a)) {
    if (a[k] === undefined) continue;
    if (!sameValue(a[k], b[k])) return false;
    keys++;
  }
  for (const k of Object.keys(b)) if (b[k] !== undefined) keys--;
  return keys === 0;
}
