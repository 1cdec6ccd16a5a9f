import { CaseDriver, CLOCK, applicant, asAsked, assessmentOf, officer, supervisor } from '../../../test/support/case-machine';
import { apply, check, nextDeadline, poolShortRefusal, type CaseEffect, type Decision } from './machine';
import { Refusal } from './refusals';

const DAY = 86_400_000;
const projected = (effects: CaseEffect[]) => effects.flatMap((e) => (e.kind === 'project' ? [e.change] : []));

function singleBureauCase(): CaseDriver {
  const c = new CaseDriver();
  c.ok({ type: 'assessed', assessment: assessmentOf('m2'), clock: CLOCK });
  return c;
}

function jointCase(): CaseDriver {
  const c = new CaseDriver();
  c.ok({ type: 'assessed', assessment: assessmentOf('m15'), clock: CLOCK });
  return c;
}

describe('case machine: a single review', () => {
  it('opens one review task due in the pack’s calendar days and projects it with the status in one write', () => {
    const c = new CaseDriver();
    const t = c.ok({ type: 'assessed', assessment: assessmentOf('m2'), clock: CLOCK });
    expect(c.state.status).toBe('in_review');
    expect(c.state.tasks).toHaveLength(1);
    expect(c.state.tasks[0]).toMatchObject({ stage: 'review', bureauCode: 'stic', status: 'open', dueAt: new Date(c.now + 15 * DAY).toISOString() });
    const writes = projected(t.effects);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ status: 'in_review', tasks: [{ stage: 'review' }], events: [{ type: 'task.opened' }] });
  });

  it('approves at the computed award after the funds are reserved, and records the outcome in the same write', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    const decided = c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } });
    const a = c.state.assessment!;
    // Everything the ledger needs travels in the effect, from the state: the activity loads no case.
    expect(decided.effects).toEqual([
      {
        kind: 'reserveAward',
        taskId: task,
        reservation: {
          caseId: c.state.facts.caseId,
          packId: c.state.facts.packId,
          actorId: officer('stic').userId,
          poolCode: a.poolCode,
          districtPoolCode: null,
          budgetYear: Number(a.receivedOn.slice(0, 4)),
          award: a.award,
          limits: a.limits,
          projectKey: a.projectKey,
          coFunding: null,
        },
      },
    ]);
    expect(c.state.tasks[0]!.status).toBe('deciding');
    expect(c.state.status).toBe('in_review');
    const done = c.ok({ type: 'fundsReserved', taskId: task, grant: asAsked(c.state) });
    expect(c.state.status).toBe('approved');
    expect(c.state.outcome).toMatchObject({ status: 'approved', approvedAwardFen: c.state.assessment!.award.amountFen });
    const [write] = projected(done.effects);
    expect(write!.events.map((e) => e.type)).toEqual(['task.decided', 'case.approved']);
    expect(write!.outcome?.status).toBe('approved');
  });

  it('puts the task back in the officer’s hands when the pool refuses, with the pool’s name and what is left in yuan', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } });
    const refused = c.ok({ type: 'fundsRefused', taskId: task });
    expect(refused.effects).toEqual([]);
    expect(c.state.tasks[0]!.status).toBe('claimed');
    expect(c.state.pending).toBeNull();
    const r = poolShortRefusal({ code: 'compute', name: { zh: '算力券', en: 'Compute vouchers' }, year: 2025, availableFen: '123456789' }, '74074073');
    expect(r).toMatchObject({ type: Refusal.PoolExhausted, field: 'amountFen' });
    expect(r.zh).toContain('剩余 1,234,567.89 元');
    expect(r.en).toContain('CNY 1,234,567.89 left');
    expect(r.en).toContain('approve at most CNY 1,234,567.89');
    const empty = poolShortRefusal({ code: 'compute', name: { zh: '算力券', en: 'Compute vouchers' }, year: 2025, availableFen: '0' }, '100');
    expect(empty.en).not.toContain('approve at most');
    expect(empty.en).toContain('nothing is left');
    // The officer can still approve less, with a reason.
    expect(
      check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve', amountFen: '100', comment: 'pool nearly spent' } }),
    ).toBeNull();
  });

  it('refuses the approval rules with the field and both languages', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    const computed = BigInt(c.state.assessment!.award.amountFen);
    const decide = (decision: Decision) => check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision });
    expect(decide({ kind: 'approve', amountFen: (computed + 1n).toString() })).toMatchObject({ type: Refusal.Invalid, field: 'amountFen' });
    expect(decide({ kind: 'approve', amountFen: '12.5' })).toMatchObject({ type: Refusal.Invalid, field: 'amountFen' });
    expect(decide({ kind: 'approve', amountFen: (computed - 1n).toString() })).toMatchObject({ type: Refusal.Invalid, field: 'comment' });
    expect(decide({ kind: 'approve', amountFen: (computed - 1n).toString(), comment: '  ' })).toMatchObject({ field: 'comment' });
    expect(decide({ kind: 'approve', amountFen: (computed - 1n).toString(), comment: 'one fen less' })).toBeNull();
    expect(decide({ kind: 'reject', reason: ' ' })).toMatchObject({ type: Refusal.Invalid, field: 'reason' });
    expect(decide({ kind: 'return', questions: [] })).toMatchObject({ type: Refusal.Invalid, field: 'questions' });
    const r = decide({ kind: 'approve', amountFen: (computed + 1n).toString() })!;
    expect(r.zh).toMatch(/元/);
    expect(r.en).toMatch(/CNY/);
  });

  it('explains a cut by the officer’s comment', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    c.ok({
      type: 'decide',
      taskId: task,
      actor: officer('stic'),
      decision: { kind: 'approve', amountFen: '1000000', comment: 'only part of the contract is eligible' },
    });
    c.ok({ type: 'fundsReserved', taskId: task, grant: asAsked(c.state) });
    expect(c.state.approved!.amountFen).toBe('1000000');
    expect(c.state.approved!.award.amountFen).toBe('1000000');
    expect(JSON.stringify(c.state.approved!.award)).toContain('only part of the contract is eligible');
  });

  it('guards claims: another bureau, another holder, a conflict, and one’s own organisation', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    expect(check(c.state, { type: 'claim', taskId: task, actor: officer('miit') })).toMatchObject({ type: Refusal.Forbidden });
    expect(check(c.state, { type: 'claim', taskId: 'nope', actor: officer('stic') })).toMatchObject({ type: Refusal.NotFound, field: 'taskId' });
    expect(check(c.state, { type: 'claim', taskId: task, actor: officer('stic', 1, { conflictOrganisationIds: ['org-lingxi'] }) })).toMatchObject({
      type: Refusal.ConflictOfInterest,
    });
    expect(check(c.state, { type: 'claim', taskId: task, actor: officer('stic', 1, { organisationId: 'org-lingxi' }) })).toMatchObject({
      type: Refusal.ConflictOfInterest,
    });
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    expect(check(c.state, { type: 'claim', taskId: task, actor: officer('stic', 2) })).toMatchObject({ type: Refusal.AlreadyClaimed });
    // Claiming again what one holds changes nothing.
    expect(c.ok({ type: 'claim', taskId: task, actor: officer('stic') }).effects).toEqual([]);
    expect(check(c.state, { type: 'unclaim', taskId: task, actor: officer('stic', 2) })).toMatchObject({ type: Refusal.Forbidden });
    expect(check(c.state, { type: 'unclaim', taskId: task, actor: supervisor('stic') })).toBeNull();
    expect(check(c.state, { type: 'reassign', taskId: task, actor: officer('stic'), to: officer('miit') })).toMatchObject({ field: 'assigneeId' });
    c.ok({ type: 'reassign', taskId: task, actor: officer('stic'), to: officer('stic', 2) });
    expect(c.state.tasks[0]).toMatchObject({ status: 'claimed', assigneeId: 'officer2-stic' });
    expect(check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } })).toMatchObject({ type: Refusal.NotClaimed });
  });
});

describe('case machine: joint review (intake → co-review in parallel → final)', () => {
  it('opens every co-review at one instant and needs an override reason over a co-reviewer’s rejection', () => {
    const c = jointCase();
    const plan = c.state.assessment!.reviewPlan;
    expect(plan.map((s) => s.code)).toEqual(['intake', 'co-review', 'final']);
    const lead = plan[0]!.bureaus[0]!;
    const intake = c.openTask(lead);
    c.ok({ type: 'claim', taskId: intake, actor: officer(lead) });
    c.advance(DAY);
    c.ok({ type: 'decide', taskId: intake, actor: officer(lead), decision: { kind: 'approve' } });
    const co = c.state.tasks.filter((t) => t.stage === 'co-review');
    expect(co.map((t) => t.bureauCode).sort()).toEqual([...plan[1]!.bureaus].sort());
    expect(new Set(co.map((t) => t.createdAt)).size).toBe(1);
    const [first, ...rest] = co;
    c.ok({ type: 'claim', taskId: first!.taskId, actor: officer(first!.bureauCode) });
    c.ok({ type: 'decide', taskId: first!.taskId, actor: officer(first!.bureauCode), decision: { kind: 'reject', reason: 'founder not eligible' } });
    expect(c.state.status).toBe('in_review'); // a co-reviewer's rejection is an opinion
    for (const t of rest) {
      c.ok({ type: 'claim', taskId: t.taskId, actor: officer(t.bureauCode) });
      c.ok({ type: 'decide', taskId: t.taskId, actor: officer(t.bureauCode), decision: { kind: 'approve' } });
    }
    const final = c.openTask(lead);
    expect(c.state.tasks.find((t) => t.taskId === final)!.stage).toBe('final');
    c.ok({ type: 'claim', taskId: final, actor: officer(lead) });
    // Approving with money goes to the ledger, which refuses what the approval lacks with whatever the money lacks.
    expect(check(c.state, { type: 'decide', taskId: final, actor: officer(lead), decision: { kind: 'approve' } })).toBeNull();
    const bare = c.ok({ type: 'decide', taskId: final, actor: officer(lead), decision: { kind: 'approve' } }).effects;
    expect(bare).toEqual([
      { kind: 'reserveAward', taskId: final, reservation: expect.objectContaining({ unmet: [expect.objectContaining({ code: 'approve.overRejection' })] }) },
    ]);
    c.ok({ type: 'fundsRefused', taskId: final });
    // Approving nothing asks no ledger: the validator itself wants the reason.
    expect(
      check(c.state, { type: 'decide', taskId: final, actor: officer(lead), decision: { kind: 'approve', amountFen: '0', comment: 'nothing' } }),
    ).toMatchObject({ field: 'overrideReason' });
    c.ok({ type: 'decide', taskId: final, actor: officer(lead), decision: { kind: 'approve', overrideReason: 'the founder’s degree was verified' } });
    c.ok({ type: 'fundsReserved', taskId: final, grant: asAsked(c.state) });
    expect(c.state.status).toBe('approved');
    // The override reason is internal: never the case's public reason.
    expect(c.state.outcome!.reason).toBeNull();
    const approved = c.log
      .flatMap((t) => projected(t.effects))
      .flatMap((w) => w.events)
      .find((e) => e.type === 'case.approved');
    expect(approved?.data).toMatchObject({ reason: null, internalReason: 'the founder’s degree was verified' });
  });

  it('ends the case when the lead rejects at intake, cancelling nothing left open', () => {
    const c = jointCase();
    const lead = c.state.assessment!.reviewPlan[0]!.bureaus[0]!;
    const intake = c.openTask(lead);
    c.ok({ type: 'claim', taskId: intake, actor: officer(lead) });
    c.ok({ type: 'decide', taskId: intake, actor: officer(lead), decision: { kind: 'reject', reason: 'incomplete' } });
    expect(c.state.status).toBe('rejected');
    expect(c.state.outcome).toMatchObject({ status: 'rejected', reason: 'incomplete' });
  });
});

describe('case machine: the review clock', () => {
  it('reminds, then escalates to the bureau’s supervisors on the due date', () => {
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: assessmentOf('m2'), clock: { ...CLOCK, supervisors: { stic: ['supervisor-stic'] } } });
    const due = Date.parse(c.state.tasks[0]!.dueAt);
    expect(nextDeadline(c.state)).toBe(due - 3 * DAY);
    c.now = due - 3 * DAY;
    const reminded = c.ok({ type: 'timerFired' });
    expect(projected(reminded.effects)[0]!.events.map((e) => e.type)).toEqual(['task.reminder']);
    expect(nextDeadline(c.state)).toBe(due);
    c.now = due;
    const escalated = c.ok({ type: 'timerFired' });
    expect(projected(escalated.effects)[0]!.events[0]).toMatchObject({ type: 'task.escalated', data: { priority: 1, supervisorIds: ['supervisor-stic'] } });
    expect(nextDeadline(c.state)).toBeNull();
  });

  it('keeps an approval and an escalation that race: the timer fires while the approval waits for its funds', () => {
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: assessmentOf('m2'), clock: { ...CLOCK, supervisors: { stic: ['supervisor-stic'] } } });
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } });
    c.now = Date.parse(c.state.tasks[0]!.dueAt);
    const fired = c.ok({ type: 'timerFired' });
    // The projection never sees `deciding`: to everyone else the task is still claimed until the decision lands.
    expect(projected(fired.effects)[0]!.tasks[0]).toMatchObject({ status: 'claimed', priority: 1 });
    expect(c.state.tasks[0]).toMatchObject({ status: 'deciding', priority: 1 });
    expect(nextDeadline(c.state)).toBeNull();
    const done = c.ok({ type: 'fundsReserved', taskId: task, grant: asAsked(c.state) });
    expect(projected(done.effects)[0]!.tasks[0]).toMatchObject({ status: 'completed', decision: 'approve', priority: 1 });
    expect(c.state.status).toBe('approved');
  });

  it('stands still while the applicant answers, and moves every open deadline by exactly the pause', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    const due = Date.parse(c.state.tasks[0]!.dueAt);
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    c.advance(2 * DAY);
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'return', questions: ['Send the signed contract'] } });
    expect(c.state.status).toBe('awaiting_information');
    expect(nextDeadline(c.state)).toBe(c.now + 30 * DAY);
    expect(check(c.state, { type: 'answerInformation', actor: applicant('org-other'), answers: 'x', documentIds: [] })).toMatchObject({
      type: Refusal.Forbidden,
    });
    c.advance(5 * DAY);
    c.ok({ type: 'answerInformation', actor: applicant(), answers: 'attached', documentIds: ['doc-1'] });
    const resumed = c.state.tasks[c.state.tasks.length - 1]!;
    expect(resumed).toMatchObject({ status: 'claimed', assigneeId: 'officer-stic', dueAt: new Date(due + 5 * DAY).toISOString() });
    expect(c.state.status).toBe('in_review');
    // The answered round stays in the state, so an officer can read the answer beside the questions.
    expect(c.state.answeredRequests).toEqual([
      expect.objectContaining({
        taskId: task,
        bureauCode: 'stic',
        questions: ['Send the signed contract'],
        answers: 'attached',
        documentIds: ['doc-1'],
        answeredAt: new Date(c.now).toISOString(),
      }),
    ]);
  });

  it('lapses when no answer arrives by the deadline', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'return', questions: ['Why?'] } });
    c.now = nextDeadline(c.state)!;
    const t = c.ok({ type: 'timerFired' });
    expect(c.state.status).toBe('lapsed');
    expect(projected(t.effects)[0]!.events.map((e) => e.type)).toEqual(['notice.lapsed', 'case.lapsed']);
  });
});

describe('case machine: the applicant', () => {
  it('withdraws, cancelling the open tasks; nothing more is accepted', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    expect(check(c.state, { type: 'withdraw', actor: applicant('org-other'), reason: null })).toMatchObject({ type: Refusal.Forbidden });
    c.ok({ type: 'withdraw', actor: applicant(), reason: 'no longer needed' });
    expect(c.state.tasks[0]!.status).toBe('cancelled');
    expect(check(c.state, { type: 'claim', taskId: task, actor: officer('stic') })).toMatchObject({ type: Refusal.AlreadyDecided });
    expect(check(c.state, { type: 'withdraw', actor: applicant(), reason: null })).toMatchObject({ type: Refusal.CaseClosed });
  });

  it('may not withdraw while an approval waits for its funds', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } });
    expect(check(c.state, { type: 'withdraw', actor: applicant(), reason: null })).toMatchObject({ type: Refusal.CaseClosed });
  });

  it('refuses an ineligible case at assessment', () => {
    const c = new CaseDriver();
    const a = assessmentOf('m2');
    c.ok({ type: 'assessed', assessment: { ...a, eligible: false, ineligibility: [{ code: 'x', zh: '不符合', en: 'not eligible' }] }, clock: CLOCK });
    expect(c.state.status).toBe('refused');
    expect(c.state.tasks).toEqual([]);
  });

  it('leaves the given state untouched', () => {
    const c = singleBureauCase();
    const before = JSON.stringify(c.state);
    apply(c.state, { type: 'withdraw', actor: applicant(), reason: null }, { now: c.now, newId: () => 'x' });
    expect(JSON.stringify(c.state)).toBe(before);
  });
});

describe('case machine: text that cannot be stored is refused before it is applied', () => {
  it('refuses a NUL in a withdrawal reason, an answer, a document id, a rejection reason and a question, naming the field', () => {
    const c = singleBureauCase();
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    const decide = (decision: Decision) => check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision });
    expect(check(c.state, { type: 'withdraw', actor: applicant(), reason: 'bye\u0000' })).toMatchObject({
      type: Refusal.Invalid,
      field: 'reason',
      en: 'reason must not contain the NUL character (U+0000)',
      zh: '不得包含空字符(U+0000)',
    });
    expect(decide({ kind: 'reject', reason: '\u0000' })).toMatchObject({ type: Refusal.Invalid, field: 'reason' });
    expect(decide({ kind: 'approve', comment: 'ok \ud800' })).toMatchObject({ type: Refusal.Invalid, field: 'comment', en: expect.stringContaining('U+D800') });
    expect(decide({ kind: 'return', questions: ['fine', 'bad\u0007'] })).toMatchObject({ type: Refusal.Invalid, field: 'questions.1' });
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'return', questions: ['Send the contract'] } });
    expect(check(c.state, { type: 'answerInformation', actor: applicant(), answers: 'a\u0000', documentIds: [] })).toMatchObject({ field: 'answers' });
    expect(check(c.state, { type: 'answerInformation', actor: applicant(), answers: 'ok', documentIds: ['d\n1'] })).toMatchObject({ field: 'documentIds.0' });
    // The case goes on: the same answer without the bad character is accepted.
    c.ok({ type: 'answerInformation', actor: applicant(), answers: 'line one\nline two 😀', documentIds: ['doc-1'] });
    expect(c.state.status).toBe('in_review');
  });
});
