// Every view of a case as a pure function of the case machine's state and the pack: the names a
// person reads, the applicant's progress, and what they may do now, asked of the same `check` the
// workflow's update validators run. No events are scanned and no rule is copied here.
import type { Actor } from '../domain/access';
import { check, type CaseCommand, type CaseState } from '../domain/case/machine';
import type { TaskRecord } from '../domain/case/records';
import { localDate } from '../domain/time';
import type { LocalizedText } from '../domain/words';
import type { CaseNames } from '../domain/words/case-names';
import { CASE_SENTENCES, PAYMENT_SENTENCES, YOU } from '../domain/words/case';

export type ApplicantAction = 'answer' | 'withdraw';
export type OfficerAction = 'claim' | 'unclaim' | 'decide';

export interface PendingItem {
  on: 'bureau' | 'applicant' | 'treasury';
  bureauCode: string | null;
  name: LocalizedText;
  what: LocalizedText;
  since: string;
  until: string | null;
}

export interface CaseProgress {
  summary: LocalizedText;
  pending: PendingItem[];
  allowedActions: ({ action: ApplicantAction; method: 'POST'; path: string; until: string | null } & LocalizedText)[];
  unavailableActions: ({ action: ApplicantAction } & LocalizedText)[];
}

/** The payment orders of an approved award, as the progress reads them. */
export interface OrderFacts {
  funder: string;
  amountFen: bigint;
  status: 'issued' | 'paid' | 'cancelled';
  createdAt: Date;
}

const live = (t: TaskRecord): boolean => t.status === 'open' || t.status === 'claimed' || t.status === 'deciding';

/** What the applicant may do, each as the machine's validator would answer it now. */
function applicantCommands(actor: Actor): Record<ApplicantAction, CaseCommand> {
  return {
    // Whether an answer would be taken now: any non-blank answer is, so the text itself is not the question.
    answer: { type: 'answerInformation', actor, answers: 'answer', documentIds: [] },
    withdraw: { type: 'withdraw', actor, reason: null },
  };
}

/** The applicant's actions open now and the rest with the validator's reason; staff get none. */
export function applicantActions(s: CaseState, actor: Actor | null, names: CaseNames): Pick<CaseProgress, 'allowedActions' | 'unavailableActions'> {
  const allowedActions: CaseProgress['allowedActions'] = [];
  const unavailableActions: CaseProgress['unavailableActions'] = [];
  if (actor === null) return { allowedActions, unavailableActions };
  const commands = applicantCommands(actor);
  for (const action of ['answer', 'withdraw'] as const) {
    const refused = check(s, commands[action]);
    if (refused) {
      unavailableActions.push({ action, zh: refused.zh, en: refused.en });
      continue;
    }
    const path = `/cases/${s.facts.caseId}/${action === 'answer' ? 'information' : 'withdraw'}`;
    const until = action === 'answer' ? (s.rfi?.answerDueAt ?? null) : null;
    const words = action === 'answer' ? CASE_SENTENCES.answerAction(until ? localDate(new Date(until), names.timeZone) : '') : CASE_SENTENCES.withdrawAction();
    allowedActions.push({ action, method: 'POST', path, until, ...words });
  }
  return { allowedActions, unavailableActions };
}

/** What an officer may do with one task now, each as the machine's validator would answer it. */
export function officerActions(
  s: CaseState,
  taskId: string,
  actor: Actor,
): { action: OfficerAction; allowed: boolean; reason: LocalizedText | null; words: LocalizedText }[] {
  const commands: Record<OfficerAction, CaseCommand> = {
    claim: { type: 'claim', taskId, actor },
    unclaim: { type: 'unclaim', taskId, actor },
    // A rejection with a reason needs nothing but the right to decide: it asks only whether deciding is open.
    decide: { type: 'decide', taskId, actor, decision: { kind: 'reject', reason: 'reason' } },
  };
  const words: Record<OfficerAction, LocalizedText> = {
    claim: CASE_SENTENCES.claimAction(),
    unclaim: CASE_SENTENCES.unclaimAction(),
    decide: CASE_SENTENCES.decideAction(),
  };
  return (['claim', 'unclaim', 'decide'] as const).map((action) => {
    const refused = check(s, commands[action]);
    return { action, allowed: refused === null, reason: refused ? { zh: refused.zh, en: refused.en } : null, words: words[action] };
  });
}

/**
 * What a person reads to follow the case without help: the status in words, what is pending and on
 * whom (a bureau by name, never an officer), until when, and what the applicant may do now.
 */
export function caseProgress(s: CaseState, orders: OrderFacts[], names: CaseNames, applicant: Actor | null): CaseProgress {
  const day = (iso: string): string => localDate(new Date(iso), names.timeZone);
  const pending: PendingItem[] = [];
  let summary: LocalizedText;
  switch (s.status) {
    case 'submitted':
      summary = CASE_SENTENCES.received();
      break;
    case 'in_review': {
      const open = s.tasks.filter(live);
      for (const t of open) {
        pending.push({
          on: 'bureau',
          bureauCode: t.bureauCode,
          name: names.bureau(t.bureauCode),
          what: names.stage(t.stage),
          since: t.createdAt,
          until: t.dueAt,
        });
      }
      const last = open
        .map((t) => t.dueAt)
        .sort()
        .at(-1);
      summary = CASE_SENTENCES.underReview(
        pending.map((p) => p.name),
        last ? day(last) : null,
      );
      break;
    }
    case 'awaiting_information': {
      const r = s.rfi!;
      const bureau = names.bureau(r.bureauCode);
      pending.push({ on: 'applicant', bureauCode: null, name: YOU, what: CASE_SENTENCES.pendingAnswer(bureau), since: r.requestedAt, until: r.answerDueAt });
      summary = CASE_SENTENCES.awaitingAnswer(bureau, day(r.answerDueAt));
      break;
    }
    case 'approved': {
      const amount = BigInt(s.approved?.amountFen ?? s.outcome?.approvedAwardFen ?? '0');
      for (const o of orders.filter((x) => x.status === 'issued')) {
        pending.push({
          on: 'treasury',
          bureauCode: o.funder,
          name: names.treasury(o.funder),
          what: CASE_SENTENCES.pendingPayment(o.amountFen),
          since: o.createdAt.toISOString(),
          until: null,
        });
      }
      summary = CASE_SENTENCES.approved(s.outcome ? day(s.outcome.decidedAt) : '', amount, paymentStatus(orders, amount));
      break;
    }
    case 'rejected':
      summary = CASE_SENTENCES.rejected(s.outcome ? day(s.outcome.decidedAt) : '', s.outcome?.reason ?? null);
      break;
    case 'withdrawn':
      summary = CASE_SENTENCES.withdrawn();
      break;
    case 'lapsed':
      summary = CASE_SENTENCES.lapsed();
      break;
    case 'refused':
      summary = CASE_SENTENCES.refused(s.assessment?.ineligibility ?? []);
      break;
  }
  return { summary, pending, ...applicantActions(s, applicant, names) };
}

/** Where the award's money is; null with nothing to say (no award, or no order issued yet). */
function paymentStatus(orders: OrderFacts[], awardFen: bigint): LocalizedText | null {
  if (awardFen <= 0n || orders.length === 0) return null;
  const sum = (status: OrderFacts['status']): bigint => orders.filter((o) => o.status === status).reduce((t, o) => t + o.amountFen, 0n);
  const [paid, issued, cancelled] = [sum('paid'), sum('issued'), sum('cancelled')];
  return issued === 0n && cancelled === 0n ? PAYMENT_SENTENCES.allPaid(paid) : PAYMENT_SENTENCES.parts(paid, issued, cancelled);
}
