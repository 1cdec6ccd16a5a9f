// The life of a case as a pure state machine: one serialisable state (state.ts), commands, a `check`
// per command (check.ts: the rules an update validator enforces, returning a typed refusal) and an
// `apply` (apply.ts) that returns the new state and the effects to run (effects.ts). The workflow only
// wires messages and timers to it and interprets the effects. This file re-exports the parts.
export * from './state';
export * from './effects';
export * from './check';
export * from './apply';
export { poolShortRefusal, limitReachedRefusal, reservationRefusal } from './refusals';
