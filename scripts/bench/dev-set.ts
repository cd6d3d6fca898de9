/**
 * The development set (test/fixtures/matching/dev-headers.csv, a copy of
 * shared/matching) and its scoring, as its README defines it: top-1 is right when
 * the best candidate's code is an expected concept's code (or, for NONE, when there
 * is no best); top-3 likewise over the first three; no-match precision and recall
 * treat NONE as the positive class.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export interface DevRow {
  header: string;
  dataset: string;
  /** Expected concept codes; empty for NONE. */
  expected: string[];
  expectedKeys: string;
}

export interface Prediction {
  best: string | null;
  top3: string[];
}

export interface Scores {
  n: number;
  top1: number;
  top3: number;
  noMatchPrecision: number;
  noMatchRecall: number;
  misses: string[];
}

const fixtures = fileURLToPath(new URL('../../test/fixtures/matching/', import.meta.url));

export function loadDevSet(): DevRow[] {
  const concepts = parse(readFileSync(fixtures + 'concepts.csv'), { columns: true }) as { key: string; code: string }[];
  const codeOf = new Map(concepts.map((c) => [c.key, c.code]));
  const rows = parse(readFileSync(fixtures + 'dev-headers.csv'), { columns: true }) as Record<string, string>[];
  return rows.map((r) => ({
    header: r.header!,
    dataset: r.dataset!,
    expectedKeys: r.expected!,
    expected: r.expected === 'NONE' ? [] : r.expected!.split('|').map((k) => codeOf.get(k)!),
  }));
}

export function score(rows: DevRow[], predict: (header: string) => Prediction): Scores {
  let top1 = 0, top3 = 0, tp = 0, fp = 0, fn = 0;
  const misses: string[] = [];
  for (const row of rows) {
    const p = predict(row.header);
    const none = row.expected.length === 0;
    const right1 = none ? p.best === null : p.best !== null && row.expected.includes(p.best);
    const right3 = none ? p.best === null : p.top3.some((c) => row.expected.includes(c));
    if (right1) top1++;
    else misses.push(`${row.header} (${row.dataset}): got ${p.best ?? 'no match'}, expected ${row.expectedKeys}`);
    if (right3) top3++;
    if (p.best === null && none) tp++;
    else if (p.best === null && !none) fp++;
    else if (p.best !== null && none) fn++;
  }
  return {
    n: rows.length,
    top1: top1 / rows.length,
    top3: top3 / rows.length,
    noMatchPrecision: tp + fp === 0 ? 0 : tp / (tp + fp),
    noMatchRecall: tp + fn === 0 ? 0 : tp / (tp + fn),
    misses,
  };
}
