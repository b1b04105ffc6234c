// Sentences every view shares, so the terminal, Markdown and HTML never drift apart.

/** Completes "Estimated dates are …" (and "~ estimated dates are …"). */
export const ESTIMATED_MEANS = 'projected by a rule or reported only by a secondary source; check them with the organiser (AAMC, NRMP, ECFMG).';
