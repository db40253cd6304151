export { analyze, analyzeTerms, squeeze, unsqueezeRange, passageGrams, literalGrams, bigramSet, isWordChar, isHanChar, ANALYZER_VERSION } from "./analyzer.ts";
export type { Token, Squeezed } from "./analyzer.ts";
export { loadSegmenter, useDictionary, segmentHan, segmenterCalls, POLICY_DICT_PATH } from "./segmenter.ts";
export { foldText, foldChar } from "./fold.ts";
