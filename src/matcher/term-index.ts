/**
 * Inverted indexes over the vocabulary's terms: one by word, one by character
 * trigram (in the style of OHDSI Usagi's n-gram TF-IDF). A query touches only the
 * postings of its own words and trigrams, never the whole vocabulary, and trigrams
 * common enough to say nothing (document frequency over `maxGramDf`) are skipped,
 * so the cost per column stays nearly flat as the vocabulary grows.
 */
export interface Term {
  concept: number;
  tokens: string[];
  /** The tokens joined with spaces. */
  text: string;
}

export function trigrams(text: string): Map<string, number> {
  const padded = ` ${text} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

export class TermIndex {
  readonly terms: Term[] = [];
  private readonly byToken = new Map<string, number[]>();
  private readonly byGram = new Map<string, number[]>();
  /** Concept-level document frequency of each token. */
  private readonly tokenConcepts = new Map<string, Set<number>>();
  private sortedTokens: string[] = [];
  private gramNorms: Float64Array = new Float64Array(0);
  /** IDFs computed once in `finish`: they are read for every word and trigram of every candidate. */
  private readonly tokenIdf = new Map<string, number>();
  private readonly gramIdfs = new Map<string, number>();
  private unknownTokenIdf = 0;
  private unknownGramIdf = 0;
  /**
   * Per term: the IDF of each of its tokens (one flat array, term `id` from
   * `idfStart[id]`: a typed array per term would cost ~100 bytes each), and their
   * sum, the denominator of the term's side of the overlap F1.
   */
  private idfs = new Float64Array(0);
  private idfStart = new Uint32Array(0);
  private termIdfTotals = new Float64Array(0);
  private scratch = new Float64Array(0);
  conceptCount = 0;

  constructor(private readonly maxGramDf = 2000) {}

  add(term: Term): void {
    const id = this.terms.push(term) - 1;
    for (const t of new Set(term.tokens)) {
      push(this.byToken, t, id);
      let concepts = this.tokenConcepts.get(t);
      if (!concepts) this.tokenConcepts.set(t, (concepts = new Set()));
      concepts.add(term.concept);
    }
    for (const g of trigrams(term.text).keys()) push(this.byGram, g, id);
    this.conceptCount = Math.max(this.conceptCount, term.concept + 1);
  }

  /** Call once after the last `add`. */
  finish(): void {
    this.sortedTokens = [...this.byToken.keys()].sort();
    this.unknownTokenIdf = Math.log(1 + (this.conceptCount + 1) / 1);
    for (const [t, concepts] of this.tokenConcepts) this.tokenIdf.set(t, Math.log(1 + (this.conceptCount + 1) / (concepts.size + 1)));
    this.unknownGramIdf = Math.log(1 + (this.terms.length + 1) / 1);
    for (const [g, postings] of this.byGram) this.gramIdfs.set(g, Math.log(1 + (this.terms.length + 1) / (postings.length + 1)));
    this.termIdfTotals = new Float64Array(this.terms.length);
    this.idfStart = new Uint32Array(this.terms.length + 1);
    this.terms.forEach((term, id) => (this.idfStart[id + 1] = this.idfStart[id]! + term.tokens.length));
    this.idfs = new Float64Array(this.idfStart[this.terms.length]!);
    this.terms.forEach((term, id) => {
      let total = 0;
      term.tokens.forEach((t, i) => {
        const w = this.idf(t);
        this.idfs[this.idfStart[id]! + i] = w;
        total += w;
      });
      this.termIdfTotals[id] = total;
    });
    this.gramNorms = new Float64Array(this.terms.length);
    this.terms.forEach((term, id) => {
      let sum = 0;
      for (const [g, tf] of trigrams(term.text)) sum += (tf * this.gramIdf(g)) ** 2;
      this.gramNorms[id] = Math.sqrt(sum);
    });
  }

  /** Inverse document frequency of a word over concepts; unknown words weigh the most. */
  idf(token: string): number {
    return this.tokenIdf.get(token) ?? this.unknownTokenIdf;
  }

  /** The IDF of a term's `i`-th token. */
  termTokenIdf(termId: number, i: number): number {
    return this.idfs[this.idfStart[termId]! + i]!;
  }

  /** The sum of a term's token IDFs. */
  idfTotal(termId: number): number {
    return this.termIdfTotals[termId]!;
  }

  private gramIdf(g: string): number {
    return this.gramIdfs.get(g) ?? this.unknownGramIdf;
  }

  /** How many terms hold the word. */
  postingsSize(token: string): number {
    return this.byToken.get(token)?.length ?? 0;
  }

  /** Terms holding the token itself, a word it abbreviates (prefix) or a word that prefixes it. */
  termsForToken(token: string, out: Set<number>, maxPrefixWords = 40): void {
    // A word held by thousands of terms ("blood") says little on its own: the rarer
    // words of the query, or its trigrams, find the candidates; it only refines them.
    const postings = this.byToken.get(token) ?? [];
    if (postings.length > this.maxGramDf && out.size > 0) return;
    for (const id of postings.length > this.maxGramDf ? postings.slice(0, this.maxGramDf) : postings) out.add(id);
    if (token.length >= 3) {
      let lo = lowerBound(this.sortedTokens, token);
      for (let n = 0; lo < this.sortedTokens.length && n < maxPrefixWords; lo++, n++) {
        const word = this.sortedTokens[lo]!;
        if (!word.startsWith(token)) break;
        for (const id of this.byToken.get(word)!) out.add(id);
      }
    }
    for (let len = 4; len < token.length; len++) {
      for (const id of this.byToken.get(token.slice(0, len)) ?? []) out.add(id);
    }
  }

  /** The `k` terms most similar to `text` by trigram TF-IDF cosine, with their cosine. */
  nearestByGrams(text: string, k: number): Map<number, number> {
    const query = trigrams(text);
    // Dot products accumulate in a dense scratch array (reset below), not a Map: this is the matcher's hot loop.
    const scores = this.scratch.length === this.terms.length ? this.scratch : (this.scratch = new Float64Array(this.terms.length));
    const touched: number[] = [];
    let qNorm = 0;
    for (const [g, tf] of query) {
      const postings = this.byGram.get(g);
      if (!postings) continue;
      const idf = this.gramIdf(g);
      const w = tf * idf;
      qNorm += w * w;
      if (postings.length > this.maxGramDf) continue;
      const contribution = w * idf;
      for (const id of postings) {
        if (scores[id] === 0) touched.push(id);
        scores[id] += contribution;
      }
    }
    qNorm = Math.sqrt(qNorm);
    const cosines = new Float64Array(touched.length);
    for (let i = 0; i < touched.length; i++) {
      const id = touched[i]!;
      cosines[i] = qNorm === 0 ? 0 : scores[id]! / (qNorm * this.gramNorms[id]!);
      scores[id] = 0;
    }
    const nearest = new Map<number, number>();
    // The k best (ties broken by first touch); a numeric sort of a copy finds the k-th best cosine.
    const cutoff = touched.length <= k ? -Infinity : Float64Array.from(cosines).sort()[touched.length - k]!;
    let above = 0;
    for (const c of cosines) if (c > cutoff) above++;
    let tiesLeft = k - above;
    for (let i = 0; i < touched.length; i++) {
      const c = cosines[i]!;
      if (c > cutoff || (c === cutoff && tiesLeft-- > 0)) nearest.set(touched[i]!, c);
    }
    return nearest;
  }

  /** Trigram TF-IDF cosine of a query (its `trigrams`, computed once by the caller) with one term. */
  gramCosine(query: Map<string, number>, termId: number): number {
    const t = trigrams(this.terms[termId]!.text);
    let dot = 0, qNorm = 0;
    for (const [g, tf] of query) {
      const idf = this.gramIdf(g);
      const w = tf * idf;
      qNorm += w * w;
      const other = t.get(g);
      if (other) dot += w * other * idf;
    }
    const denom = Math.sqrt(qNorm) * this.gramNorms[termId]!;
    return denom === 0 ? 0 : dot / denom;
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== id) list.push(id);
  } else map.set(key, [id]);
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
