export * from './types.js';
export { normaliseUrl, normaliseSource, normaliseHeaders, normalisedHash, frameKey } from './normalise.js';
export { buildPage, pageKey, type BuildContext } from './build.js';
export { compareToBaseline, sriFindings, BASELINE_RULES, type CompareContext } from './compare.js';
export { unifiedDiff, looksMinified, beautifyJs } from './diff.js';
export { saveBaseline, loadBaseline, loadSource, baselineExists, emptyBaseline, withPages, findPage } from './store.js';
export { currentScripts, destinationsOf, isPaymentPage, readsPaymentFields } from './facts.js';
