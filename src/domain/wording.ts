// Sentences every view shares, so the terminal, Markdown and HTML never drift apart.

/** Completes "Estimated dates are …" (and "~ estimated dates are …"). */
export const ESTIMATED_MEANS = 'projected by a rule or reported only by a secondary source; check them with the organiser (AAMC, NRMP, ECFMG).';

/** "A", "A and B", "A, B and C" */
export const andList = (xs: readonly string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
