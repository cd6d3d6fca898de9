/**
 * Vocabularies: the concepts the matcher can answer with, as data (JSON or CSV).
 * The shipped one is `data/vocabulary.json`; `OMSIM_VOCABULARY` adds or substitutes
 * a user's own data dictionary in the same format. A bad file is refused with the
 * line and field at fault.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';

export interface Concept {
  key: string;
  label: string;
  system: string;
  code: string;
  kind?: string;
  unit?: string;
  synonyms: string[];
  abbreviations: string[];
}

export const shippedVocabularyPath = fileURLToPath(new URL('./data/vocabulary.json', import.meta.url));

export class VocabularyError extends Error {
  constructor(file: string, line: number | undefined, field: string, problem: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${field}: ${problem}`);
    this.name = 'VocabularyError';
  }
}

const list = z.array(z.string().trim().min(1, 'must not be empty').max(200)).default([]);
const conceptSchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1-100 letters, digits, _ . or -'),
  label: z.string().trim().min(1, 'must not be empty').max(300),
  system: z.url({ message: 'must be a code-system URI such as http://loinc.org' }),
  code: z.string().trim().min(1, 'must not be empty').max(100),
  kind: z.string().trim().max(50).nullish(),
  unit: z.string().trim().max(50).nullish(),
  synonyms: list,
  abbreviations: list,
});

function validate(raw: unknown, file: string, line: number | undefined, index: number): Concept {
  const result = conceptSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : `concept ${index + 1}`;
    throw new VocabularyError(file, line, field, issue.message);
  }
  const c = result.data;
  return { ...c, kind: c.kind || undefined, unit: c.unit || undefined };
}

const splitList = (cell: string | undefined) =>
  (cell ?? '').split(/[;|]/).map((s) => s.trim()).filter((s) => s.length > 0);

function fromCsv(text: string, file: string): Concept[] {
  let records: { record: Record<string, string>; line: number }[];
  try {
    const parsed = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: true }) as unknown as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    records = parsed.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new VocabularyError(file, err.lines, 'csv', err.message);
  }
  return records.map(({ record, line }, i) => {
    if (!('key' in record)) throw new VocabularyError(file, 1, 'header', 'needs the columns key,label,system,code');
    const raw = {
      ...record,
      unit: record.unit ?? record.unit_hint,
      synonyms: splitList(record.synonyms),
      abbreviations: splitList(record.abbreviations),
    };
    return validate(raw, file, line, i);
  });
}

/** The line on which each element of the top-level `concepts` array starts, for error messages. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0, line = 1, inString = false, escaped = false;
  for (const ch of text) {
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 2 && ch === '{') lines.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') depth--;
  }
  return lines;
}

function fromJson(text: string, file: string): Concept[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new VocabularyError(file, undefined, 'json', (e as Error).message);
  }
  const concepts = Array.isArray(doc) ? doc : (doc as { concepts?: unknown })?.concepts;
  if (!Array.isArray(concepts)) throw new VocabularyError(file, 1, 'concepts', 'must be an array of concepts');
  const lines = Array.isArray(doc) ? [] : elementLines(text);
  return concepts.map((c, i) => validate(c, file, lines[i], i));
}

/** Loads and validates a vocabulary file (`.csv`, or JSON otherwise). */
export function loadVocabulary(file: string): Concept[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new VocabularyError(file, undefined, 'file', (e as NodeJS.ErrnoException).code ?? 'cannot be read');
  }
  const concepts = file.toLowerCase().endsWith('.csv') ? fromCsv(text, file) : fromJson(text, file);
  if (concepts.length === 0) throw new VocabularyError(file, undefined, 'concepts', 'the vocabulary is empty');
  const seen = new Set<string>();
  for (const c of concepts) {
    if (seen.has(c.key)) throw new VocabularyError(file, undefined, 'key', `duplicate key ${c.key}`);
    seen.add(c.key);
  }
  return concepts;
}

export type VocabularyMode = 'extend' | 'replace';

/**
 * The vocabulary the server answers with: the shipped one, extended by (or, with
 * mode `replace`, replaced by) a user's file. In `extend` mode a user concept with
 * a shipped concept's key takes its place.
 */
export function resolveVocabulary(userFile?: string, mode: VocabularyMode = 'extend'): Concept[] {
  const shipped = mode === 'replace' && userFile ? [] : loadVocabulary(shippedVocabularyPath);
  if (!userFile) return shipped;
  const user = loadVocabulary(userFile);
  const byKey = new Map(shipped.map((c) => [c.key, c]));
  for (const c of user) byKey.set(c.key, c);
  return [...byKey.values()];
}
