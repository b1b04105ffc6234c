// "Did you mean": the known names closest to what was typed.

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** Up to `limit` candidates close to `typed` (case-insensitive), closest first. */
export function nearest(typed: string, candidates: readonly string[], limit = 3): string[] {
  const t = typed.toLowerCase();
  const threshold = Math.max(2, Math.floor(t.length / 3));
  return candidates
    .map((c) => {
      const lc = c.toLowerCase();
      const prefix = t.length >= 3 && lc.length >= 3 && (lc.startsWith(t) || t.startsWith(lc));
      return { c, d: prefix ? 0.5 : editDistance(t, lc) };
    })
    .filter((x) => x.d <= threshold)
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.c);
}
