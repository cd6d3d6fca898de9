/**
 * Header normalisation: turns `TotCholMgPerDl`, `wt_kg`, `Weight (kg)` or `BMXWT`
 * into content tokens (`total cholesterol`, `weight`), unit evidence, survey-prefix
 * hints and a non-data flag. Vocabulary terms go through the same function, so
 * both sides of a comparison speak the same language.
 */
import type { Lexicon } from './lexicon.js';

export interface NormalizedText {
  /** Content words, expanded, spelled right, singular. */
  tokens: string[];
  /** Weak topic hints, from survey prefixes such as NHANES `BPX` (blood pressure). */
  hints: string[];
  /** Unit families seen in brackets or as trailing unit words. */
  units: Set<string>;
  /** The header names an identifier, an outcome label or free text. */
  nonData: boolean;
}

const MAX_SEGMENT_PIECES = 4;

/** A light plural stemmer: both sides use it, so it only needs to be consistent. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export class Normalizer {
  constructor(private readonly lexicon: Lexicon, private readonly dictionary: Set<string>) {}

  /** Every word the segmenter may cut an unknown run of letters into. */
  static dictionaryFor(lexicon: Lexicon, terms: Iterable<string>): Set<string> {
    const dict = new Set<string>();
    const add = (w: string) => w.length >= 2 && dict.add(w);
    for (const term of terms) for (const w of term.toLowerCase().split(/[^a-z0-9]+/)) add(w);
    for (const w of lexicon.stopWords) add(w);
    for (const w of lexicon.expansions.keys()) add(w);
    for (const w of lexicon.misspellings.keys()) add(w);
    for (const w of lexicon.units.keys()) if (/^[a-z0-9]+$/.test(w)) add(w);
    for (const w of lexicon.nonDataTokens) add(w);
    for (const w of lexicon.surveyPrefixes.keys()) add(w);
    return dict;
  }

  normalize(raw: string): NormalizedText {
    const units = new Set<string>();
    let text = raw.normalize('NFKC');
    // Bracketed parts are units ("Weight (kg)") or extra words ("Cholesterol (HDL)").
    text = text.replace(/[([{]([^()[\]{}]*)[)\]}]/g, (_, inner: string) => {
      const families = this.unitFamilies(inner);
      if (families) {
        for (const f of families) units.add(f);
        return ' ';
      }
      return ` ${inner} `;
    });
    text = text.replace(/%/g, ' pct ').replace(/#/g, ' number ');

    let pieces: string[] = [];
    for (const chunk of text.split(/[^\p{L}\p{N}]+/u)) {
      if (!chunk) continue;
      const lower = chunk.toLowerCase();
      if (this.dictionary.has(lower)) {
        pieces.push(lower);
        continue;
      }
      // camelCase and ACRONYMWord boundaries, then letter runs the dictionary can cut.
      const camel = chunk.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2');
      for (const part of camel.toLowerCase().split(' ')) pieces.push(...this.segment(part));
    }

    // A phrase can match only if its first word is there (in the header, or put there by an earlier phrase).
    const present = new Set(pieces);
    let phrased: string | undefined;
    for (const { first, pattern, replacement } of this.lexicon.phrases) {
      if (!present.has(first)) continue;
      phrased = (phrased ?? ` ${pieces.join(' ')} `).replace(pattern, replacement);
      for (const w of replacement.split(' ')) if (w) present.add(w);
    }
    if (phrased !== undefined) pieces = phrased.split(' ').filter(Boolean);

    const tokens: string[] = [];
    const hints: string[] = [];
    const trailingUnits: string[] = [];
    let nonData = false;
    for (let i = 0; i < pieces.length; i++) {
      let word = pieces[i]!;
      word = this.lexicon.misspellings.get(word) ?? word;
      if (this.lexicon.nonDataTokens.has(word)) {
        nonData = true;
        continue;
      }
      const prefix = this.lexicon.surveyPrefixes.get(word);
      if (prefix) {
        hints.push(...prefix.map(stem));
        continue;
      }
      const family = this.lexicon.units.get(word);
      // A unit word counts as a unit only after some content ("wt_kg", "TotCholMgPerDl").
      if (family && (tokens.length > 0 || hints.length > 0)) {
        if (family !== 'connector') trailingUnits.push(family);
        continue;
      }
      if (/^\d+$/.test(word) || this.lexicon.stopWords.has(word)) continue;
      const expanded = this.lexicon.expansions.get(word) ?? [word];
      for (const w of expanded) tokens.push(stem(this.lexicon.misspellings.get(w) ?? w));
    }
    for (const f of trailingUnits) units.add(f);
    return { tokens, hints, units, nonData };
  }

  /** The unit families of a bracketed text, or `undefined` if it is not only units. */
  private unitFamilies(inner: string): string[] | undefined {
    const compact = inner.trim().toLowerCase();
    const whole = this.lexicon.units.get(compact.replace(/\s+/g, ''));
    if (whole) return [whole];
    const words = compact.split(/[^a-z0-9%]+/).filter((w) => w && !/^\d+$/.test(w));
    if (words.length === 0) return undefined;
    const families = words.map((w) => this.lexicon.units.get(w));
    if (families.some((f) => f === undefined)) return undefined;
    return (families as string[]).filter((f) => f !== 'connector');
  }

  /**
   * Cuts a run of letters and digits into dictionary words ("bmxwt" → bmx wt,
   * "a1cresult" → a1c result), fewest pieces first; digit runs are free pieces.
   * Falls back to a known prefix plus the rest, or the run unchanged.
   */
  segment(run: string): string[] {
    if (run.length === 0) return [];
    if (this.dictionary.has(run) || run.length < 4) return [run];
    const n = run.length;
    const best: (string[] | undefined)[] = new Array(n + 1);
    best[0] = [];
    for (let end = 1; end <= n; end++) {
      for (let start = 0; start < end; start++) {
        const prev = best[start];
        if (!prev || prev.length >= MAX_SEGMENT_PIECES) continue;
        const piece = run.slice(start, end);
        const ok = /^\d+$/.test(piece)
          ? (start === 0 || !/\d/.test(run[start - 1]!)) && (end === n || !/\d/.test(run[end]!))
          : this.dictionary.has(piece);
        if (ok && (!best[end] || prev.length + 1 < best[end]!.length)) best[end] = [...prev, piece];
      }
    }
    if (best[n]) return best[n]!;
    // Fallback: the longest known prefix (a survey prefix, a word), then the rest.
    for (let len = Math.min(n - 2, 8); len >= 3; len--) {
      const head = run.slice(0, len);
      if (this.dictionary.has(head)) return [head, ...this.segment(run.slice(len))];
    }
    return run.split(/(?<=\D)(?=\d)|(?<=\d)(?=\D)/);
  }
}
