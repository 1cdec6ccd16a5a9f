import fc from 'fast-check';
import { CaseDriver, CLOCK, applicant, asAsked, assessmentOf, officer, supervisor } from '../../../test/support/case-machine';
import type { Actor } from '../access';
import type { CaseCommand, CaseState } from './machine';
import type { CaseStatus } from './records';

const DAY = 86_400_000;

/** Every status a case may move to from each status; anything else is a bug. */
const ALLOWED: Record<CaseStatus, CaseStatus[]> = {
  submitted: ['in_review', 'refused', 'withdrawn'],
  in_review: ['awaiting_information', 'approved', 'rejected', 'withdrawn'],
  awaiting_information: ['in_review', 'lapsed', 'withdrawn'],
  approved: [],
  rejected: [],
  withdrawn: [],
  lapsed: [],
  refused: [],
};

type Step =
  | { op: 'claim' | 'unclaim' | 'approve' | 'approveLess' | 'reject' | 'return'; task: number; who: number; settle?: 'ok' | 'refused' | 'later' }
  | { op: 'reassign'; task: number; who: number; to: number }
  | { op: 'answer' | 'withdraw' | 'funds' | 'refuseFunds' }
  | { op: 'wait'; days: number };

// Weighted towards the officers who hold tasks, so runs get deep into the review and reach every end.
const whoArb = fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.nat(3), weight: 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('claim' as const), task: fc.nat(8), who: whoArb }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constantFrom('unclaim', 'reject', 'return' as const), task: fc.nat(8), who: whoArb }), weight: 5 },
  // The pool's answer usually follows at once (as in the workflow); sometimes other commands come in between.
  {
    arbitrary: fc.record({
      op: fc.constantFrom('approve', 'approveLess' as const),
      task: fc.nat(8),
      who: whoArb,
      settle: fc.constantFrom('ok', 'ok', 'refused', 'later' as const),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ op: fc.constant('reassign' as const), task: fc.nat(8), who: whoArb, to: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom('answer', 'funds', 'funds', 'refuseFunds' as const) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('withdraw' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 45 }) }), weight: 2 },
);

function actorFor(s: CaseState, task: number, who: number): { taskId: string; actor: Actor } {
  const t = s.tasks[task % Math.max(1, s.tasks.length)];
  const bureau = t?.bureauCode ?? 'stic';
  const actor = who === 3 ? supervisor(bureau) : who === 2 ? officer('miit') : officer(bureau, who + 1);
  return { taskId: t?.taskId ?? 'none', actor };
}

function commandOf(s: CaseState, step: Step): CaseCommand {
  switch (step.op) {
    case 'claim':
    case 'unclaim':
      return { type: step.op, ...actorFor(s, step.task, step.who) };
    case 'reassign': {
      const { taskId, actor } = actorFor(s, step.task, step.who);
      return { type: 'reassign', taskId, actor, to: actorFor(s, step.task, step.to).actor };
    }
    case 'approve':
      return { type: 'decide', ...actorFor(s, step.task, step.who), decision: { kind: 'approve' } };
    case 'approveLess':
      return {
        type: 'decide',
        ...actorFor(s, step.task, step.who),
        decision: { kind: 'approve', amountFen: '100', comment: 'partly eligible', overrideReason: 'checked' },
      };
    case 'reject':
      return { type: 'decide', ...actorFor(s, step.task, step.who), decision: { kind: 'reject', reason: 'not eligible' } };
    case 'return':
      return { type: 'decide', ...actorFor(s, step.task, step.who), decision: { kind: 'return', questions: ['Please send the contract'] } };
    case 'answer':
      return { type: 'answerInformation', actor: applicant(), answers: 'sent', documentIds: [] };
    case 'withdraw':
      return { type: 'withdraw', actor: applicant(), reason: null };
    case 'funds':
      return { type: 'fundsReserved', taskId: s.pending?.taskId ?? 'none', grant: asAsked(s) };
    case 'refuseFunds':
      return { type: 'fundsRefused', taskId: s.pending?.taskId ?? 'none' };
    case 'wait':
      return { type: 'timerFired' };
  }
}

describe('case machine: random command sequences', () => {
  const reached = new Set<CaseStatus>();
  it('never decides a task twice, moves only along the status graph, and moves due dates only forward by a recorded pause', () => {
    fc.assert(
      fc.property(fc.constantFrom('m2' as const, 'm15' as const), fc.array(stepArb, { maxLength: 80 }), (kind, steps) => {
        const c = new CaseDriver();
        c.ok({ type: 'assessed', assessment: assessmentOf(kind), clock: CLOCK });
        const queue = [...steps];
        for (let step = queue.shift(); step !== undefined; step = queue.shift()) {
          if (step.op === 'wait') c.advance(step.days * DAY);
          // A reservation answer only ever follows an approval that waits for it.
          if ((step.op === 'funds' || step.op === 'refuseFunds') && c.state.pending === null) continue;
          const before = c.state;
          const r = c.send(commandOf(before, step));
          if ('type' in r) {
            expect(c.state).toBe(before); // a refusal changes nothing
            continue;
          }
          if (c.state.pending !== null && (step.op === 'approve' || step.op === 'approveLess') && step.settle !== 'later') {
            queue.unshift({ op: step.settle === 'ok' ? 'funds' : 'refuseFunds' });
          }
          const after = r.state;
          reached.add(after.status);
          if (after.status !== before.status) expect(ALLOWED[before.status]).toContain(after.status);
          const paused = r.effects.some((e) => e.kind === 'project' && e.change.events.some((ev) => ev.type === 'clock.resumed'));
          for (const old of before.tasks) {
            const now = after.tasks.find((t) => t.taskId === old.taskId)!;
            if (old.status === 'completed' || old.status === 'cancelled') expect(now).toEqual(old); // a finished task never changes again
            if (now.dueAt !== old.dueAt) {
              expect(Date.parse(now.dueAt)).toBeGreaterThan(Date.parse(old.dueAt));
              expect(paused).toBe(true);
            }
          }
          // At most one decision per task: a task id appears in at most one task.decided event over the whole run.
          const decided = c.log
            .flatMap((t) => t.effects)
            .flatMap((e) => (e.kind === 'project' ? e.change.events : []))
            .filter((e) => e.type === 'task.decided');
          expect(new Set(decided.map((e) => e.eventKey)).size).toBe(decided.length);
          if (after.outcome !== null) expect(after.tasks.filter((t) => t.status === 'open' || t.status === 'claimed' || t.status === 'deciding')).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
    // The runs must have gone everywhere a case can end, or the properties above were checked on too little.
    expect([...reached].sort()).toEqual(['approved', 'awaiting_information', 'in_review', 'lapsed', 'rejected', 'withdrawn']);
  });
});
