/**
 * `npm run bench:match`: the matcher's quality on the development set, beside a
 * baseline a user might reach for (fuse.js with its defaults over labels and
 * synonyms), and its latency per column and memory with the vocabulary grown to
 * 1k, 10k and 100k concepts (the shipped ones plus synthetic ones).
 */
import Fuse from 'fuse.js';
import { performance } from 'node:perf_hooks';
import { loadLexicon, Matcher, resolveVocabulary, type Concept } from '../../src/matcher/index.js';
import { loadDevSet, score, type Scores } from './dev-set.js';

const THRESHOLD = 0.5; // the contract's default
const rows = loadDevSet();
const shipped = resolveVocabulary();
const lexicon = loadLexicon();

// OMSIM
const matcher = new Matcher(shipped, lexicon);
const omsim = score(rows, (h) => {
  const [m] = matcher.match([h], { limit: 3, threshold: THRESHOLD });
  return { best: m!.best?.code ?? null, top3: m!.candidates.map((c) => c.code) };
});

// Baseline: fuse.js, defaults, over labels and synonyms; "no match" when its best score is worse than 0.5.
const entries = shipped.flatMap((c) => [c.label, ...c.synonyms].map((text) => ({ text, code: c.code })));
const fuse = new Fuse(entries, { keys: ['text'], includeScore: true });
const baseline = score(rows, (h) => {
  const hits = fuse.search(h);
  const codes = [...new Set(hits.map((x) => x.item.code))].slice(0, 3);
  const best = hits[0] && (hits[0].score ?? 1) <= 0.5 ? hits[0].item.code : null;
  return { best, top3: codes };
});

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
function row(name: string, s: Scores) {
  return [name, pct(s.top1), pct(s.top3), pct(s.noMatchPrecision), pct(s.noMatchRecall)];
}
function table(rowsOut: string[][]) {
  const widths = rowsOut[0]!.map((_, i) => Math.max(...rowsOut.map((r) => r[i]!.length)));
  for (const r of rowsOut) console.log('  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

console.log(`Development set: ${rows.length} headers (test/fixtures/matching/dev-headers.csv), threshold ${THRESHOLD}\n`);
table([['matcher', 'top-1', 'top-3', 'no-match P', 'no-match R'], row('omsim', omsim), row('fuse.js (defaults)', baseline)]);
console.log(`\n  omsim top-1 is ${((omsim.top1 - baseline.top1) * 100).toFixed(1)} points above the baseline`);
console.log(`\nOMSIM misses (${omsim.misses.length}):`);
for (const m of omsim.misses) console.log(`  - ${m}`);

// Scale: synthetic concepts from clinical-sounding words, so postings grow as in a real vocabulary.
const words = ['serum', 'plasma', 'urine', 'blood', 'arterial', 'venous', 'total', 'free', 'ratio', 'index', 'level', 'count', 'mass', 'volume', 'rate', 'score', 'acid', 'enzyme', 'protein', 'antibody', 'antigen', 'receptor', 'hormone', 'vitamin', 'oxide', 'kinase', 'peptide', 'lipid', 'sterol', 'amine', 'toxin', 'marker', 'fraction', 'pressure', 'flow', 'capacity', 'reflex', 'tone', 'density', 'clearance'];
function synthetic(n: number): Concept[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const syllables = ['al', 'be', 'cor', 'dex', 'en', 'fo', 'gly', 'hem', 'ix', 'lu', 'mar', 'neo', 'ox', 'pro', 'qui', 'ret', 'sul', 'tri', 'ur', 'vi', 'xan', 'zy'];
  const out: Concept[] = [];
  for (let i = 0; i < n; i++) {
    const name = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => syllables[Math.floor(rand() * syllables.length)]).join('');
    const label = `${name} ${words[Math.floor(rand() * words.length)]} ${words[Math.floor(rand() * words.length)]}`;
    out.push({ key: `syn_${i}`, label, system: 'http://example.org/synthetic', code: `S${i}`, synonyms: [`${name} ${words[i % words.length]}`], abbreviations: [] });
  }
  return out;
}

const queries = rows.map((r) => r.header);
console.log('\nLatency per column and memory, vocabulary grown with synthetic concepts:\n');
const scaleRows: string[][] = [['concepts', 'build', 'p50/column', 'p99/column', 'RSS', 'heap used']];
for (const size of [1_000, 10_000, 100_000]) {
  globalThis.gc?.();
  const t0 = performance.now();
  const m = new Matcher([...shipped, ...synthetic(size - shipped.length)], lexicon);
  const build = performance.now() - t0;
  for (const q of queries) m.rank(q, 3); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const s = performance.now();
      m.rank(q, 3);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  const mem = process.memoryUsage();
  scaleRows.push([
    size.toLocaleString('en'),
    `${(build / 1000).toFixed(1)} s`,
    `${q(0.5).toFixed(3)} ms`,
    `${q(0.99).toFixed(3)} ms`,
    `${(mem.rss / 2 ** 20).toFixed(0)} MiB`,
    `${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  ]);
}
table(scaleRows);
console.log('\nTargets: top-1 ≥ 90%, top-3 ≥ 97%, no-match P ≥ 90%, R ≥ 80%, ≥ 25 points over the baseline; p50 < 1 ms at 100k.');
