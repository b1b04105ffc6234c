// The PHI scanner: every Safe Harbor identifier that can be typed into a clinical log is flagged
// with its kind, line and column; realistic de-identified log text (eponyms, scores, ages up to
// 89, wards, "Dr." alone, doses, labs, years) is not; and no finding ever carries the text.
import { describe, expect, it } from 'vitest';
import { scanForPhi } from '../../src/domain/phi.js';

interface Identifiable {
  what: string;
  text: string;
  /** The identifier as it appears in the text: the finding must point at its first character. */
  at: string;
  kind: string;
}

const IDENTIFIABLE: Identifiable[] = [
  { what: 'a name after a title', text: 'Saw Mr. John Smith for CHF follow-up.', at: 'Mr. John Smith', kind: 'a name after a title' },
  { what: 'a doctor named', text: 'Dr. Adeyemi let me present the case.', at: 'Dr. Adeyemi', kind: 'a name after a title' },
  { what: 'a bare full name', text: 'Maria Gonzalez presented with DKA.', at: 'Maria Gonzalez', kind: 'a personal name' },
  { what: 'a full name mid-sentence', text: 'Saw Chinedu Okoro in clinic for a cough.', at: 'Chinedu Okoro', kind: 'a personal name' },
  { what: 'an accented name', text: 'Sjögren syndrome; José Pérez was anxious.', at: 'José Pérez', kind: 'a personal name' },
  { what: "a relative's name", text: 'Her daughter Ana interpreted for us.', at: 'Ana', kind: 'a personal name' },
  { what: 'a medical record number', text: 'Chart check: MRN 00482913, no allergies.', at: '00482913', kind: 'a medical record number' },
  { what: 'a patient id', text: 'Wristband showed patient ID 4829103.', at: '4829103', kind: 'a medical record number' },
  { what: 'a date of birth', text: 'DOB 03/14/1958, lives alone.', at: '03/14/1958', kind: 'a date tied to a patient' },
  { what: 'an admission date', text: 'She was admitted on March 3rd with NSTEMI.', at: 'March 3rd', kind: 'a date tied to a patient' },
  { what: 'a discharge date', text: 'Discharged 2025-03-09 to rehab.', at: '2025-03-09', kind: 'a date tied to a patient' },
  { what: 'a day and month', text: 'Seen in clinic on 14 February with a rash.', at: '14 February', kind: 'a date tied to a patient' },
  { what: 'a phone number', text: 'Daughter asked me to call (617) 555-0142 after rounds.', at: '(617) 555-0142', kind: 'a phone number' },
  { what: 'an international phone number', text: 'Her son abroad: +44 20 7946 0958.', at: '+44 20 7946 0958', kind: 'a phone number' },
  { what: 'a fax number', text: 'Records went by fax 617 555 0199 to the PCP.', at: '617 555 0199', kind: 'a fax number' },
  { what: 'an email address', text: 'He wrote to the team from jsmith@gmail.com about results.', at: 'jsmith@gmail.com', kind: 'an email address' },
  { what: 'a street address', text: 'Home visit at 42 Maple Street before discharge.', at: '42 Maple Street', kind: 'a street address' },
  { what: 'a town', text: 'Lives in Springfield with his wife.', at: 'Springfield', kind: 'a place smaller than a state' },
  { what: 'a county', text: 'Transferred from a clinic in Hampden County overnight.', at: 'Hampden County', kind: 'a place smaller than a state' },
  { what: 'a ZIP code', text: 'His ZIP is 01105, far from the clinic.', at: '01105', kind: 'a ZIP code' },
  { what: 'a ZIP code after a state', text: 'Moved from Boston, MA 02115 last year.', at: '02115', kind: 'a ZIP code' },
  { what: 'an age over 89', text: 'Managed a 92 yo F with hip fracture.', at: '92 yo', kind: 'an age over 89' },
  { what: 'an age over 89 in words', text: 'A 101-year-old man with urosepsis.', at: '101-year-old', kind: 'an age over 89' },
  { what: 'an age over 89 written short', text: 'Admitted 95F with delirium.', at: '95F', kind: 'an age over 89' },
  { what: 'a Social Security number', text: 'Insurance form showed 123-45-6789.', at: '123-45-6789', kind: 'a Social Security number' },
  { what: 'a URL', text: 'Family posted photos at https://example.org/cases/4821 online.', at: 'https://example.org/cases/4821', kind: 'a URL' },
  { what: 'an IP address', text: 'Remote monitor at 192.168.10.24 alarmed overnight.', at: '192.168.10.24', kind: 'an IP address' },
  { what: 'a health plan number', text: 'Medicaid ID 9KD2ML73 had expired.', at: '9KD2ML73', kind: 'a health plan number' },
  { what: 'an account number', text: 'Billing account number 88314207 was on the chart.', at: '88314207', kind: 'a licence or account number' },
  { what: 'a licence number', text: 'His licence D4829301 was in his wallet.', at: 'D4829301', kind: 'a licence or account number' },
  { what: 'a vehicle plate', text: 'Arrived by car, plate 7ABC123, after the crash.', at: '7ABC123', kind: 'a vehicle plate' },
  { what: 'a vehicle identification number', text: 'VIN 1HGCM82633A004352 on the police report.', at: '1HGCM82633A004352', kind: 'a vehicle identification number' },
  { what: 'a device serial', text: 'Pacemaker serial SN-4829-XY was interrogated.', at: 'SN-4829-XY', kind: 'a device serial' },
  { what: 'a social media handle', text: 'She follows his page @jsmith_1958 for updates.', at: '@jsmith_1958', kind: 'a social media handle' },
  { what: 'another identifying number', text: 'Reference 5829301744 was on the transfer form.', at: '5829301744', kind: 'an identifying number' },
  {
    what: 'a phone number on the third line of a story',
    text: 'Learned to slow down.\nThe family was worried.\nThey asked me to call 617-555-0142 later.',
    at: '617-555-0142',
    kind: 'a phone number',
  },
];

const CLEAN: string[] = [
  'Saw 45yo M with CHF exacerbation; managed IV diuresis, BNP trended down.',
  'Presented case at morning report: 67F, community-acquired pneumonia, CURB-65 of 2.',
  'Observed Dr. rounds on 4 West; discussed Parkinson disease and Graves disease.',
  'Murphy sign positive; Wilson disease ruled out; Kawasaki criteria reviewed.',
  'GCS 15, HbA1c 7.2%, BP 142/88, HR 96, T 38.4 C, SpO2 94% on 2 L; temp 99 F overnight.',
  'Started metformin 500 mg twice daily and lisinopril 10 mg; enoxaparin 40 mg SC daily; titrated 5-10-20 mg.',
  'Hashimoto thyroiditis on levothyroxine 75 mcg; TSH 6.2, free T4 0.9; Addison disease with K 5.9 and Na 128.',
  'Crohn disease flare; Hodgkin lymphoma in remission since 2019; Cushing syndrome excluded.',
  'Bell palsy vs stroke, NIHSS 2; Guillain-Barré syndrome considered, LP showed albuminocytologic dissociation.',
  'Reiter syndrome, Sjögren syndrome, Tourette syndrome, Wernicke encephalopathy and Whipple disease at Grand Rounds.',
  'Down syndrome child with Marfan habitus; Raynaud phenomenon; Kaposi sarcoma in an 89-year-old man; Alzheimer dementia, MMSE 18/30.',
  'Grand Rounds: Heart Failure Management with Guideline-Directed Medical Therapy',
  "A Jehovah's Witness declined transfusion; we discussed the ethics with the attending and the Palliative Care team.",
  'Platelets 15000, WBC 12500, INR 1.4, lactate 4.1, troponin 0.04; viral load 1200000 copies.',
  'Morning Report in 2024; Step 2 CK in 2025; Stevens-Johnson syndrome on the differential; Wolff Parkinson White syndrome.',
  'Used the Kelly clamp and a Foley catheter; Jackson Pratt drain removed; Apgar 8 and 9; Wells score 4; Glasgow Coma Scale 14.',
  'Learned to explain the plan without jargon; the family asked good questions. Back @ baseline by day 3.',
  'Serial 12-lead ECGs and serial troponins; LCP plate 10-hole; hospital day 4; POD 2; EKG at 0800.',
  'Talked with Case Management and Social Work about SNF placement; PT/OT eval; Eliquis and Lasix 40 IV BID.',
  'Presented a 72-year-old woman on 5 North with new AF, CHA2DS2-VASc 4; rate control with diltiazem.',
];

/** Line and column (1-based, in characters) of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

describe('scanForPhi', () => {
  it.each(IDENTIFIABLE)('flags $what', ({ text, at, kind }) => {
    const findings = scanForPhi(text);
    expect(findings).toContainEqual({ ...positionOf(text, at), kind });
  });

  it.each(CLEAN)('leaves de-identified text alone: %s', (text) => {
    expect(scanForPhi(text)).toEqual([]);
  });

  it('never carries the text it found', () => {
    for (const { text, at } of IDENTIFIABLE) {
      const findings = scanForPhi(text);
      for (const f of findings) expect(Object.keys(f).sort()).toEqual(['column', 'kind', 'line']);
      expect(JSON.stringify(findings)).not.toContain(at);
    }
  });

  it('reports every identifier of a note, first to last, each once', () => {
    const text = 'Saw Mr. John Smith (MRN 00482913, DOB 03/14/1958).\r\nCall (617) 555-0142 or jsmith@gmail.com.';
    expect(scanForPhi(text)).toEqual([
      { line: 1, column: 5, kind: 'a name after a title' },
      { line: 1, column: 25, kind: 'a medical record number' },
      { line: 1, column: 39, kind: 'a date tied to a patient' },
      { line: 2, column: 6, kind: 'a phone number' },
      { line: 2, column: 24, kind: 'an email address' },
    ]);
  });

  it('finds nothing in nothing', () => {
    expect(scanForPhi('')).toEqual([]);
    expect(scanForPhi('\n\n')).toEqual([]);
  });
});
