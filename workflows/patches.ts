// Every patch id the workflows use with patched() / deprecatePatch(), one line each, with why it exists
// and the date it may be removed. A change to workflow code that would alter what a running workflow
// has already recorded must go through one (see README "Changing a workflow"); replaying the committed
// histories in CI fails when it does not.
//
// The registry starts at 1.0 (2026-12-07): nothing had been deployed, so every earlier patch and its
// legacy path was removed and the histories in workflows/test/histories were recorded afresh.
export const Patches = {
  /**
   * 2026-12-07, issue 19: a case records less. Its database work (assess, project, reserve) runs as
   * local activities inside the workflow task that causes it (one marker instead of three activity
   * events and a workflow task); the review timer is not cancelled when the case ends nor re-armed for
   * a later deadline; the children of an approval start together; search attributes are upserted only
   * when one differs from what the workflow has. Remove once no case started before it is open.
   */
  localCaseWrites: 'local-case-writes',
  /**
   * 2026-12-07, issue 19: under local-case-writes an update's writes ran as local activities in the
   * workflow task that accepted it; a server restart before that task completed lost the update but kept
   * its writes (an approval's money reserved with no payment orders; claims and decisions the workflow
   * never saw). An update's first write (and any reservation) goes through the queue again, so the update
   * is recorded before anything is written. Remove with local-case-writes.
   */
  writesAfterAcceptance: 'writes-after-acceptance',
  /**
   * 2026-12-07, issue 19: an award records less. Its orders are issued, and its open orders counted
   * after each settlement, by one local activity each (issueAwardOrders, openPaymentOrders) instead of
   * an activity per share, per order and per count on the queue. Both follow an event already in the
   * history (the start, a signal), so a lost workflow task re-runs them, idempotently. Remove once no
   * award started before it is open.
   */
  awardOrdersLocal: 'award-orders-local',
  /**
   * 2026-12-07, issue 19: a claim, a release or a reassignment writes nothing from the workflow. The
   * update returns its change and the API writes it (no activity, one workflow task per click); the
   * workflow sends the change's events and tasks again with its next write, in case the API's was
   * lost, and numbered changes (CaseChange.rev) keep a late write from undoing a later one. Remove
   * once no case that was claimed before it is open.
   */
  claimsByCaller: 'claims-by-caller',
} as const satisfies Record<string, string>;
export type PatchId = (typeof Patches)[keyof typeof Patches];
