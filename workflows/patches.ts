// Every patch id the workflows use with patched() / deprecatePatch(), one line each, with why it exists
// and the date it may be removed. A change to workflow code that would alter what a running workflow
// has already recorded must go through one (see README "Changing a workflow"); replaying the committed
// histories in CI fails when it does not.
//
// The registry starts at 1.0 (2026-12-07): nothing had been deployed, so every earlier patch and its
// legacy path was removed and the histories in workflows/test/histories were recorded afresh.
export const Patches = {} as const satisfies Record<string, string>;
export type PatchId = (typeof Patches)[keyof typeof Patches];
