/**
 * The header row of a CSV file: a UTF-8 byte-order mark is dropped, the delimiter
 * (comma, semicolon or tab) is the one that occurs most in the first line outside
 * quotes, and quoted fields follow RFC 4180 (csv-parse does the parsing).
 */
import { parse } from 'csv-parse/sync';

const candidates = [',', ';', '\t'] as const;

export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ',';
}

export function readHeaderRow(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const rows = parse(body, { delimiter: detectDelimiter(firstLine), to_line: 1, relax_column_count: true, bom: true }) as string[][];
  return (rows[0] ?? []).map((h) => h.trim());
}
