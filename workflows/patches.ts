// Every patch id the workflows use with patched() / deprecatePatch(), one line each, with why it exists
// and the date it may be removed. A change to workflow code that would alter what a running case has
// already recorded must go through one (see README "Changing a workflow"); replaying the committed
// histories in CI fails when it does not.
//
// The case machine (src/domain/case) replaced the application workflow's history shape outright on
// 2026-12-01, before anything was deployed; the histories in workflows/test/histories were recorded
// afresh then.
export const Patches = {
  /** 2026-12-02: the case's CaseId and CaseReference join the upserted search attributes. Remove once no case started before it is open. */
  CaseIdentitySearchAttributes: 'case-identity-search-attributes',
  /** 2026-12-02: final approvals reserve through the ledger (limits, payment orders). deprecatePatch once no case opened before it is open. */
  CaseLedger: 'case-ledger-2026-12-02',
  /**
   * 2026-12-02: activities get a bounded retry policy (workflows/presets.ts) instead of retrying for
   * ever. Application and intake workflows. deprecatePatch once no workflow started before it is open.
   */
  BoundedActivityRetries: 'bounded-activity-retries',
  /**
   * 2026-12-03: a final approval of a sub-type with a rent-free period records the months granted (the
   * officer's `rentFreeMonths`, default as asked) on its `case.approved` event. Asked only when the
   * assessment carries the rent-free terms. deprecatePatch once no case assessed before it is open.
   */
  RentFreeGrant: 'case-rentfree-grant-2026-12-03',
} as const satisfies Record<string, string>;
export type PatchId = (typeof Patches)[keyof typeof Patches];
