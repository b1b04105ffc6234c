// The visa statuses eligibility.yaml describes, apart from the data schemas (schema.ts) so that
// reading a profile does not build every data schema.
export const VISA_STATUSES = ['outside-us', 'b1-b2', 'f1', 'j1', 'j2', 'h1b', 'h4', 'ead', 'green-card', 'us-citizen'] as const;
export type VisaStatus = (typeof VISA_STATUSES)[number];
