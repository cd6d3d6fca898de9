/**
 * The matcher: ranks vocabulary concepts for a column header with several signals
 * — IDF-weighted word overlap with labels, synonyms and abbreviations; character
 * trigram TF-IDF cosine (for misspellings and run-together words); unit evidence —
 * and calibrates the result to a score in [0, 1] where 0.5 separates "more likely
 * right" from "more likely wrong".
 */
import type { Lexicon } from './lexicon.js';
import { Normalizer, type NormalizedText } from './normalize.js';
import { TermIndex, trigrams } from './term-index.js';
import type { Concept } from './vocabulary.js';

export interface Candidate {
  key: string;
  label: string;
  system: string;
  code: string;
  score: number;
}

export interface ColumnMatch {
  column: string;
  best: Candidate | null;
  candidates: Candidate[];
}

export interface MatchOptions {
  limit: number;
  threshold: number;
}

interface QueryWeights {
  words: string[];
  weights: number[];
  /** min(1, weight / idf): how much of a term word a match with this header word covers. */
  shares: number[];
  total: number;
}

/** Weight of a survey-prefix hint relative to a real word. */
const HINT_WEIGHT = 0.3;
/** How many trigram neighbours are scored in full per column. */
const GRAM_NEIGHBOURS = 40;

export class Matcher {
  private readonly index = new TermIndex();
  private readonly normalizer: Normalizer;
  private readonly unitFamilies: (string | undefined)[];
  /** Scratch space for `overlap` (matching is synchronous, so one buffer serves every call). */
  private readonly termMatched = new Float64Array(64);

  constructor(private readonly concepts: Concept[], private readonly lexicon: Lexicon) {
    const allTerms = concepts.flatMap((c) => [c.label, ...c.synonyms, ...c.abbreviations]);
    this.normalizer = new Normalizer(lexicon, Normalizer.dictionaryFor(lexicon, allTerms));
    concepts.forEach((c, concept) => {
      const seen = new Set<string>();
      for (const raw of [c.label, ...c.synonyms, ...c.abbreviations]) {
        const tokens = this.normalizer.normalize(raw).tokens;
        const text = tokens.join(' ');
        if (tokens.length === 0 || seen.has(text)) continue;
        seen.add(text);
        this.index.add({ concept, tokens, text });
      }
    });
    this.index.finish();
    this.unitFamilies = concepts.map((c) => (c.unit ? lexicon.ucumFamilies.get(c.unit) : undefined));
  }

  normalize(header: string): NormalizedText {
    return this.normalizer.normalize(header);
  }

  match(columns: string[], options: MatchOptions): ColumnMatch[] {
    // Duplicate columns in one request are scored once.
    const cache = new Map<string, Candidate[]>();
    return columns.map((column) => {
      let candidates = cache.get(column);
      if (!candidates) cache.set(column, (candidates = this.rank(column, options.limit)));
      const top = candidates[0];
      return { column, best: top && top.score >= options.threshold ? top : null, candidates };
    });
  }

  /** The best `limit` concepts for one header, best first. */
  rank(header: string, limit: number): Candidate[] {
    const query = this.normalizer.normalize(header);
    const words = [...query.tokens, ...query.hints];
    if (words.length === 0) return [];
    const text = query.tokens.join(' ');

    const termIds = new Set<number>();
    // Rarest words first, so that common ones can be left to refine rather than to enumerate.
    const byRarity = [...new Set(words)].sort((a, b) => this.index.postingsSize(a) - this.index.postingsSize(b));
    for (const w of byRarity) this.index.termsForToken(w, termIds);
    const gramNeighbours = text ? this.index.nearestByGrams(text, GRAM_NEIGHBOURS) : new Map<number, number>();
    for (const id of gramNeighbours.keys()) termIds.add(id);

    let queryGrams: Map<string, number> | undefined; // only for a term that is not a trigram neighbour
    const weights = this.queryWeights(query);
    const byConcept = new Map<number, number>();
    for (const id of termIds) {
      const term = this.index.terms[id]!;
      const cosine = text ? gramNeighbours.get(id) ?? this.index.gramCosine((queryGrams ??= trigrams(text)), id) : 0;
      const raw = this.evidence(query, weights, id, text === term.text, cosine, term.concept);
      if (raw > (byConcept.get(term.concept) ?? 0)) byConcept.set(term.concept, raw);
    }
    return [...byConcept]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([concept, raw]) => {
        const c = this.concepts[concept]!;
        return { key: c.key, label: c.label, system: c.system, code: c.code, score: calibrate(raw) };
      });
  }

  /** Raw evidence in [0, ~1.1] that the header names the concept through this term. */
  private evidence(query: NormalizedText, weights: QueryWeights, termId: number, exact: boolean, cosine: number, concept: number): number {
    const overlap = this.overlap(weights, termId);
    let raw = Math.max(overlap, 0.85 * cosine);
    if (exact && query.hints.length === 0) raw = Math.max(raw, 1);
    // Unit evidence: a unit that fits the concept's unit supports it, one that does not counts against it.
    const family = this.unitFamilies[concept];
    if (query.units.size > 0) {
      if (family && query.units.has(family)) raw += 0.08;
      else if (family) raw -= 0.15;
      else raw -= 0.05;
    }
    if (query.nonData) raw *= 0.4;
    return raw;
  }

  /** The header's words with their weights, computed once per header rather than once per candidate term. */
  private queryWeights(query: NormalizedText): QueryWeights {
    const words: string[] = [], weights: number[] = [], shares: number[] = [];
    let total = 0;
    const add = (word: string, factor: number) => {
      const idf = this.index.idf(word);
      const weight = factor * idf;
      words.push(word), weights.push(weight), shares.push(Math.min(1, weight / idf));
      total += weight;
    };
    for (const t of query.tokens) add(t, 1);
    for (const t of query.hints) add(t, HINT_WEIGHT);
    return { words, weights, shares, total };
  }

  /** IDF-weighted F1 of the words header and term share (exact, abbreviation-prefix or one typo apart). */
  private overlap(query: QueryWeights, termId: number): number {
    const termTokens = this.index.terms[termId]!.tokens;
    const qTotal = query.total;
    let qMatched = 0;
    const termMatched = termTokens.length <= this.termMatched.length ? this.termMatched.fill(0, 0, termTokens.length) : new Float64Array(termTokens.length);
    for (let k = 0; k < query.words.length; k++) {
      const q = query.words[k]!;
      let best = 0, bestAt = -1;
      for (let i = 0; i < termTokens.length; i++) {
        const s = tokenSimilarity(q, termTokens[i]!);
        if (s > best) (best = s), (bestAt = i);
      }
      if (bestAt >= 0) {
        qMatched += query.weights[k]! * best;
        termMatched[bestAt] = Math.max(termMatched[bestAt]!, best * query.shares[k]!);
      }
    }
    const tTotal = this.index.idfTotal(termId);
    let tMatched = 0;
    for (let i = 0; i < termTokens.length; i++) tMatched += this.index.termTokenIdf(termId, i) * termMatched[i]!;
    if (qTotal === 0 || tTotal === 0) return 0;
    const p = qMatched / qTotal, r = tMatched / tTotal;
    return p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
}

/** How alike two words are: 1 equal, 0.8 an abbreviation (prefix) of the other, 0.75 one edit apart (same first letter). */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if ((a.length >= 3 && b.startsWith(a)) || (b.length >= 4 && a.startsWith(b))) return 0.8;
  // One typo, but not in the first letter: "weight" and "height" are different words.
  if (a.length >= 5 && b.length >= 5 && a[0] === b[0] && Math.abs(a.length - b.length) <= 1 && withinOneEdit(a, b)) return 0.75;
  return 0;
}

function withinOneEdit(a: string, b: string): boolean {
  let i = 0, j = 0, edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) (i++, j++);
    else {
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (b.length > a.length) j++;
      else (i++, j++);
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Maps raw evidence to [0, 1]; raw 0.55 ↦ 0.5, the contract's default threshold. */
export function calibrate(raw: number): number {
  const score = 1 / (1 + Math.exp(-12 * (raw - 0.55)));
  return Math.round(score * 1000) / 1000;
}
