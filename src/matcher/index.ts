export { Matcher, calibrate, tokenSimilarity, type Candidate, type ColumnMatch, type MatchOptions } from './matcher.js';
export { loadLexicon, type Lexicon } from './lexicon.js';
export { loadVocabulary, resolveVocabulary, shippedVocabularyPath, VocabularyError, type Concept, type VocabularyMode } from './vocabulary.js';

import { loadLexicon } from './lexicon.js';
import { Matcher } from './matcher.js';
import { resolveVocabulary, type VocabularyMode } from './vocabulary.js';

/** The matcher over the shipped vocabulary, optionally extended or replaced by a user's file. */
export function createMatcher(vocabularyFile?: string, mode: VocabularyMode = 'extend'): Matcher {
  return new Matcher(resolveVocabulary(vocabularyFile, mode), loadLexicon());
}
