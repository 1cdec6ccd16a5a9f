// The pure policy engine: pack format, award arithmetic in integer fen, routing and co-funding.
// Imports only zod and itself, so API, worker and Temporal workflows share one implementation.
export * from './money';
export * from './time';
export * from './intake';
export * from './applicant';
export * from './award';
export * from './assess';
export { evaluate, resolveBp, resolveFen, resolveInt, type EvalContext } from './conditions';
export * from './pack/schema';
export * from './pack/pack';
export type { PackRules } from './pack/rules';
export { documentReferences, formJsonSchema, formSchemaOf, lookupSubtype, validateApplicationForm, validateForm, type FormResult } from './pack/forms';
