/**
 * The lexicon: general knowledge of how health data columns are named
 * (abbreviations, misspellings, stop words, units, survey prefixes), kept as data
 * in `data/lexicon.json` so that it can grow without code changes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Lexicon {
  stopWords: Set<string>;
  /** token → the words it stands for. */
  expansions: Map<string, string[]>;
  misspellings: Map<string, string>;
  /** unit token → unit family (mass, length, pressure, …). */
  units: Map<string, string>;
  /** UCUM unit of a concept → unit family. */
  ucumFamilies: Map<string, string>;
  /** Tokens that mark a column as not a clinical data element (identifiers, labels, free text). */
  nonDataTokens: Set<string>;
  /** Survey variable-name prefixes (NHANES `BMX`, `LBX`…) → a weak hint of the topic. */
  surveyPrefixes: Map<string, string[]>;
  /**
   * Word sequences rewritten before anything else, in order ("concept id" in OMOP
   * names means a coded value, not an identifier); `first` is the sequence's first word.
   */
  phrases: { first: string; pattern: RegExp; replacement: string }[];
}

interface LexiconFile {
  stopWords: string[];
  expansions: Record<string, string>;
  misspellings: Record<string, string>;
  units: Record<string, string>;
  ucumFamilies: Record<string, string>;
  nonDataTokens: string[];
  surveyPrefixes: Record<string, string>;
  phrases: Record<string, string>;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

export function loadLexicon(file = fileURLToPath(new URL('./data/lexicon.json', import.meta.url))): Lexicon {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as LexiconFile;
  return {
    stopWords: new Set(raw.stopWords),
    expansions: new Map(Object.entries(raw.expansions).map(([k, v]) => [k, words(v)])),
    misspellings: new Map(Object.entries(raw.misspellings)),
    units: new Map(Object.entries(raw.units)),
    ucumFamilies: new Map(Object.entries(raw.ucumFamilies)),
    nonDataTokens: new Set(raw.nonDataTokens),
    surveyPrefixes: new Map(Object.entries(raw.surveyPrefixes).map(([k, v]) => [k, words(v)])),
    phrases: Object.entries(raw.phrases ?? {}).map(([k, v]) => ({
      first: k.split(' ')[0]!,
      pattern: new RegExp(`(^| )${k}( |$)`, 'g'),
      replacement: ` ${v} `,
    })),
  };
}
