// Kept for the notices and activities that name a case's bureaus and stages; the views live in ./case-view.
export { caseVocabulary, type CaseVocabulary } from './case-view';
