// Programs the person collected (from FREIDA, Residency Explorer, program websites), read from a
// CSV or YAML file for `imgplan programs import`. Spreadsheets name and fill columns loosely, so
// column names and values are normalised first ("IMG share", "45%", "j1"); then each row is held
// to the programs.yaml schema. A bad row is reported with its line and left out; the rest are kept.
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { InputError, type Problem } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';
import { programSchema, type Program, type ProgramVisa } from '../domain/programs.js';
import { referenceData } from '../reference/index.js';
import { locate, MAX_FILE_BYTES, parseYaml, type ParsedYaml } from './yaml-file.js';

export type ImportedProgram = Omit<Program, 'id'>;
type Key = keyof ImportedProgram;

export interface ImportRow {
  line: number;
  program: ImportedProgram;
}

export interface ImportResult {
  rows: ImportRow[];
  /** One per bad cell (or per bad row when no single cell is at fault), `file:line: column: message`. */
  problems: Problem[];
  /** Rows left out for their problems. */
  skipped: number;
  /** Columns (YAML keys) imgplan does not know, as written: left out of the import. */
  ignored: string[];
}

/** Header names as compared: "IMG share", "img_share" and "IMG-Share" are one column. */
export const normaliseColumn = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

const COLUMNS: Readonly<Record<string, Key>> = {
  program: 'program',
  specialty: 'specialty',
  state: 'state',
  visa: 'visa',
  imgshare: 'imgShare',
  minstep2ck: 'minStep2ck',
  maxyearssincegraduation: 'maxYearsSinceGraduation',
  uscerequired: 'usceRequired',
  service: 'service',
  notes: 'notes',
};

/** A CSV must name every column but notes: an empty cell then says "none stated" on purpose. */
const CSV_REQUIRED: readonly Key[] = ['program', 'specialty', 'state', 'visa', 'imgShare', 'minStep2ck', 'maxYearsSinceGraduation', 'usceRequired', 'service'];

/** Same program: the name compared without case or repeated spaces, within one specialty. */
export const programKey = (p: Pick<Program, 'program' | 'specialty'>): string => `${p.program.toLowerCase().replace(/\s+/g, ' ')}\u0000${p.specialty}`;

/** A cell's text in messages: quoted, control characters escaped, long text cut. */
const quote = (raw: string): string => JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

type Normalised = { value: unknown } | { message: string };

const VISAS: Readonly<Record<string, ProgramVisa>> = { j1: 'J-1', h1b: 'H-1B', both: 'both', j1h1b: 'both', h1bj1: 'both', j1andh1b: 'both', h1bandj1: 'both', none: 'none' };
const USCE: Readonly<Record<string, Program['usceRequired']>> = { yes: 'yes', no: 'no', preferred: 'preferred' };
const SERVICES: Readonly<Record<string, Program['service']>> = { eras: 'ERAS', residencycas: 'ResidencyCAS' };

/** The specialty's id, given its id or its name in any case ("internal medicine"). */
export function findSpecialty(raw: string): string | undefined {
  const typed = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  return referenceData().specialties.specialties.find((s) => s.id === typed || s.name.toLowerCase() === typed)?.id;
}

function specialtyOf(raw: string): Normalised {
  const found = findSpecialty(raw);
  if (found) return { value: found };
  const guess = nearest(raw, referenceData().specialties.specialties.flatMap((s) => [s.id, s.name]), 1)[0];
  return { message: `${quote(raw)} is not a specialty imgplan knows; ${guess ? `did you mean ${guess}?` : 'give its id or name, e.g. internal-medicine or Internal Medicine'}` };
}

function oneOf<T>(forms: Readonly<Record<string, T>>, key: string, raw: string, expected: string): Normalised {
  const value = forms[key];
  return value !== undefined ? { value } : { message: `must be ${expected}, got ${quote(raw)}` };
}

/** Each column's text as the schema's value; ranges and formats are left to the schema. */
const NORMALISE: Readonly<Record<Key, (raw: string) => Normalised>> = {
  program: (raw) => ({ value: raw }),
  specialty: specialtyOf,
  state: (raw) => ({ value: raw.toUpperCase() }),
  visa: (raw) => oneOf(VISAS, raw.toLowerCase().replace(/[^a-z0-9]/g, ''), raw, 'J-1, H-1B, both or none'),
  imgShare: (raw) => {
    const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(raw);
    return m ? { value: Number(m[1]) } : { message: `must be a percent such as 45 or 45%, got ${quote(raw)}` };
  },
  minStep2ck: (raw) => (/^\d+$/.test(raw) ? { value: Number(raw) } : { message: `must be a whole number such as 230, or empty when none is stated; got ${quote(raw)}` }),
  maxYearsSinceGraduation: (raw) => (/^\d+$/.test(raw) ? { value: Number(raw) } : { message: `must be a whole number of years, or empty when there is no limit; got ${quote(raw)}` }),
  usceRequired: (raw) => oneOf(USCE, raw.toLowerCase(), raw, 'yes, no or preferred'),
  service: (raw) => oneOf(SERVICES, raw.toLowerCase().replace(/[\s-]+/g, ''), raw, 'ERAS or ResidencyCAS'),
  // Line breaks and tabs are fine in notes; other control characters would drive the terminal.
  // eslint-disable-next-line no-control-regex
  notes: (raw) => (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(raw) ? { message: 'must not hold control characters' } : { value: raw }),
};

const rowSchema = programSchema.omit({ id: true });

/** zod's words for a cell, with what the cell held; schemas with their own wording keep it. */
function schemaMessage(iss: z.core.$ZodIssue, raw: string | undefined): string {
  if (raw === undefined) return 'is required';
  const got = `, got ${quote(raw)}`;
  if (!/^(Too|Invalid)/.test(iss.message)) return `${iss.message}${got}`;
  if (iss.code === 'too_big') return `must be at most ${String(iss.maximum)}${got}`;
  if (iss.code === 'too_small') return `must be at least ${String(iss.minimum)}${got}`;
  return `is not valid${got}`;
}

interface Cell {
  /** The column's name as written in the file. */
  column: string;
  line: number;
  value: unknown;
}

interface RawRow {
  line: number;
  cells: Partial<Record<Key, Cell>>;
}

/** One row checked: the program, or the problems of its cells. */
function checkRow(file: string, row: RawRow): { program: ImportedProgram } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const texts: Partial<Record<Key, string>> = {};
  const draft: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(row.cells) as [Key, Cell][]) {
    const { value, column, line } = cell;
    if (value !== null && typeof value === 'object') {
      problems.push({ file, line, field: column, message: 'must be one value, not a list or mapping' });
      continue;
    }
    const raw = value === null || value === undefined ? '' : String(value).trim();
    // An empty cell is no value: the column's field is then absent.
    if (raw === '') continue;
    texts[key] = raw;
    const n = NORMALISE[key](raw);
    if ('message' in n) problems.push({ file, line, field: column, message: n.message });
    else draft[key] = n.value;
  }
  const result = rowSchema.safeParse(draft);
  if (!result.success) {
    const reported = new Set(problems.map((p) => p.field));
    for (const iss of result.error.issues) {
      const key = iss.path[0] as Key;
      const column = row.cells[key]?.column ?? key;
      if (reported.has(column)) continue;
      reported.add(column);
      problems.push({ file, line: row.cells[key]?.line ?? row.line, field: column, message: schemaMessage(iss, texts[key]) });
    }
  }
  return problems.length ? { problems } : { program: result.data! };
}

/** The rows checked one by one; a row naming a program an earlier row named is reported too. */
function checkRows(file: string, rows: readonly RawRow[], early: { problems: Problem[]; skipped: number; ignored: string[] }): ImportResult {
  const out: ImportResult = { rows: [], ...early };
  const seen = new Map<string, number>();
  for (const row of rows) {
    const checked = checkRow(file, row);
    if ('problems' in checked) {
      out.problems.push(...checked.problems);
      out.skipped++;
      continue;
    }
    const key = programKey(checked.program);
    const first = seen.get(key);
    if (first !== undefined) {
      out.problems.push({ file, line: row.line, message: `repeats ${checked.program.program} (${checked.program.specialty}) from line ${first}; keep one row for it` });
      out.skipped++;
      continue;
    }
    seen.set(key, row.line);
    out.rows.push({ line: row.line, program: checked.program });
  }
  out.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return out;
}

// ---- CSV --------------------------------------------------------------------------------------

export interface CsvRecord {
  /** The line the record starts on (a quoted value may run over several). */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 records: quoted values may hold commas, doubled quotes and line breaks; CRLF or LF;
 * a leading BOM is dropped. Also what spreadsheets and people write: blank lines and lines
 * starting with # are skipped, and spaces before an opening quote are allowed. `unclosed` is the
 * line of a quoted value that never closes (it took the rest of the file).
 */
export function parseCsv(input: string): { records: CsvRecord[]; unclosed?: number } {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    if (text[i] === '#' || text[i] === '\n') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      line++;
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      const lead = /^[ \t]*"/.exec(text.slice(i, i + 64));
      if (lead) {
        i += lead[0].length;
        for (;;) {
          if (i >= text.length) return { records, unclosed: start };
          const c = text[i]!;
          if (c === '"' && text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            if (c === '\n') line++;
            cell += c;
            i++;
          }
        }
      }
      // Unquoted text, or what follows a closing quote (kept as written rather than refused).
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') cell += text[i++];
      cells.push(cell);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells });
  }
  return { records };
}

export function readProgramsCsv(file: string, text: string): ImportResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES)
    throw new InputError('file-too-large', `${file} is too large`, [{ file, message: `is larger than ${MAX_FILE_BYTES / 1_000_000} MB` }], 'split it into smaller files and import each');
  const { records, unclosed } = parseCsv(text);
  const [header, ...data] = records;
  const keys: (Key | undefined)[] = [];
  const ignored: string[] = [];
  const headerProblems: Problem[] = [];
  for (const name of header?.cells ?? []) {
    const key = COLUMNS[normaliseColumn(name)];
    if (key && keys.includes(key)) headerProblems.push({ file, line: header!.line, field: name.trim(), message: `names the ${key} column a second time` });
    keys.push(key && !keys.includes(key) ? key : undefined);
    if (!key && name.trim() !== '') ignored.push(name.trim());
  }
  const missing = CSV_REQUIRED.filter((k) => !keys.includes(k));
  if (missing.length) {
    const known = Object.keys(COLUMNS);
    const unknown = ignored.map((n) => {
      const guess = nearest(normaliseColumn(n), known, 1)[0];
      return guess ? `${n} (${COLUMNS[guess]}?)` : n;
    });
    headerProblems.push({
      file,
      line: header?.line ?? 1,
      message: `the header row lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}${unknown.length ? `; it has columns imgplan does not know: ${unknown.join(', ')}` : ''}`,
    });
  }
  if (headerProblems.length)
    throw new InputError(
      'not-a-program-list',
      `${file} does not start with a header row naming the program columns`,
      headerProblems,
      `the first row names the columns: ${CSV_REQUIRED.join(', ')} and optionally notes (case, spaces and underscores do not matter); nothing was changed`,
    );

  const rows: RawRow[] = data.map((r) => {
    const cells: Partial<Record<Key, Cell>> = {};
    keys.forEach((key, c) => {
      if (key) cells[key] = { column: header!.cells[c]!.trim(), line: r.line, value: r.cells[c] ?? '' };
    });
    return { line: r.line, cells };
  });
  // A row with more values than the header has columns was most likely split by an unquoted comma.
  const early = { problems: [] as Problem[], skipped: 0, ignored };
  const fitting = rows.filter((row, n) => {
    const extra = data[n]!.cells.slice(keys.length).filter((c) => c.trim() !== '').length;
    if (extra === 0) return true;
    early.problems.push({ file, line: row.line, message: `has ${data[n]!.cells.length} values for the header's ${keys.length} columns; a value with a comma in it needs "double quotes"` });
    early.skipped++;
    return false;
  });
  if (unclosed !== undefined) {
    early.problems.push({ file, line: unclosed, message: 'a quoted value opens in this row and never closes, so the rest of the file was read as part of it' });
    early.skipped++;
  }
  return checkRows(file, fitting, early);
}

// ---- YAML -------------------------------------------------------------------------------------

/** A list of mappings, or a mapping with a `programs:` list (as in programs.yaml). */
export function readProgramsYaml(file: string, text: string): ImportResult {
  let parsed: ParsedYaml;
  let at: (string | number)[];
  try {
    parsed = parseYaml(file, text);
    at = ['programs'];
  } catch (e) {
    if (!(e instanceof InputError && e.code === 'not-a-mapping')) throw e;
    // parseYaml wants a mapping on top; this text passed its other checks (size, nesting, syntax,
    // aliases), so it is read again as it is, for a top-level list.
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    parsed = { file, doc, lines, data: doc.toJS() };
    at = [];
  }
  const list = at.length ? (parsed.data as Record<string, unknown>).programs : parsed.data;
  if (!Array.isArray(list))
    throw new InputError(
      'not-a-program-list',
      `${file} is not a list of programs`,
      [{ file, ...locate(parsed, at), message: 'must be a list of programs, or a mapping with a programs: list' }],
      'write one "- program: ..." item for each program, with the keys specialty, state, visa, imgShare, usceRequired, service and optionally minStep2ck, maxYearsSinceGraduation, notes; nothing was changed',
    );
  const early = { problems: [] as Problem[], skipped: 0, ignored: [] as string[] };
  const rows: RawRow[] = [];
  list.forEach((item: unknown, n) => {
    const { line } = locate(parsed, [...at, n]);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      early.problems.push({ file, line, message: 'must be a mapping of column names to values (program: ..., specialty: ...)' });
      early.skipped++;
      return;
    }
    const cells: Partial<Record<Key, Cell>> = {};
    let clash = false;
    for (const [name, value] of Object.entries(item)) {
      const key = COLUMNS[normaliseColumn(name)];
      const cellLine = locate(parsed, [...at, n], name).line;
      if (!key) {
        if (!early.ignored.includes(name)) early.ignored.push(name);
      } else if (cells[key]) {
        early.problems.push({ file, line: cellLine, field: name, message: `names ${key} a second time in this program` });
        clash = true;
      } else cells[key] = { column: name, line: cellLine, value };
    }
    if (clash) early.skipped++;
    else rows.push({ line, cells });
  });
  return checkRows(file, rows, early);
}

/** The programs in `file` (a .csv, .yaml or .yml file as typed, for messages) holding `text`. */
export function readProgramsFile(file: string, text: string): ImportResult {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return readProgramsCsv(file, text);
  if (ext === '.yaml' || ext === '.yml') return readProgramsYaml(file, text);
  throw new InputError('bad-format', `${file} is neither a .csv nor a .yaml file`, [], 'save the list as CSV (comma-separated values) or YAML, named e.g. programs.csv or programs.yaml');
}
