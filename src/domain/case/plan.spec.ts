import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDriver, CLOCK, asAsked, assessmentOf, officer } from '../../../test/support/case-machine';
import { parsePolicyPack, PolicyPackError } from '../pack/pack';
import { reviewPlanOf } from './plan';

const raw = (): { versions: { measures: { code: string; bureaus: string[]; subtypes: { routing: unknown; review?: unknown }[] }[] }[] } =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'seeds', 'packs', 'shenzhen-ai-pioneer-2024.json'), 'utf8'));

/** The Shenzhen pack with one more review step for measure 2: the drc checks the budget before stic decides. */
function packWithBudgetCheck(stages: unknown) {
  const body = raw();
  const m2 = body.versions[0]!.measures.find((m) => m.code === 'm2')!;
  m2.bureaus = ['stic', 'drc'];
  m2.subtypes[0]!.review = { stages };
  return parsePolicyPack(body);
}

const BUDGET_CHECK = [
  { code: 'review', reviewers: ['lead'], rejectionEnds: true },
  { code: 'budget-check', title: { zh: '预算审核', en: 'Budget check' }, reviewers: ['drc'], rejectionEnds: true },
  { code: 'final', reviewers: ['lead'], decides: true },
];

describe('review stages as pack data', () => {
  it('are today’s shapes when a sub-type names none', () => {
    expect(reviewPlanOf(undefined, { lead: 'stic', coReviewers: [], district: null }).map((s) => s.code)).toEqual(['review']);
    expect(reviewPlanOf(undefined, { lead: 'talent', coReviewers: ['hrss'], district: 'district:nanshan' })).toEqual([
      { code: 'intake', bureaus: ['talent'], parallel: true, decides: false, rejectionEnds: true },
      { code: 'co-review', bureaus: ['hrss', 'district:nanshan'], parallel: true, decides: false, rejectionEnds: false },
      { code: 'final', bureaus: ['talent'], parallel: true, decides: true, rejectionEnds: true },
    ]);
  });

  it('add a review step to one sub-type with a pack change alone', () => {
    const pack = packWithBudgetCheck(BUDGET_CHECK);
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: assessmentOf('m2', { pack }), clock: CLOCK });
    expect(c.state.assessment!.reviewPlan.map((s) => `${s.code}:${s.bureaus.join('+')}`)).toEqual(['review:stic', 'budget-check:drc', 'final:stic']);
    const approve = (bureau: string): void => {
      const task = c.openTask(bureau);
      c.ok({ type: 'claim', taskId: task, actor: officer(bureau) });
      c.ok({ type: 'decide', taskId: task, actor: officer(bureau), decision: { kind: 'approve' } });
    };
    approve('stic');
    expect(c.state.tasks.at(-1)).toMatchObject({ stage: 'budget-check', bureauCode: 'drc', status: 'open' });
    approve('drc');
    expect(c.state.tasks.at(-1)).toMatchObject({ stage: 'final', bureauCode: 'stic' });
    approve('stic');
    c.ok({ type: 'fundsReserved', taskId: c.state.pending!.taskId, grant: asAsked(c.state) });
    expect(c.state.status).toBe('approved');
  });

  it('end the case on a rejection in a stage that says so', () => {
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: assessmentOf('m2', { pack: packWithBudgetCheck(BUDGET_CHECK) }), clock: CLOCK });
    for (const b of ['stic', 'drc']) {
      const task = c.openTask(b);
      c.ok({ type: 'claim', taskId: task, actor: officer(b) });
      c.ok({
        type: 'decide',
        taskId: task,
        actor: officer(b),
        decision: b === 'drc' ? { kind: 'reject', reason: 'over the budget line' } : { kind: 'approve' },
      });
    }
    expect(c.state.outcome).toMatchObject({ status: 'rejected', reason: 'over the budget line' });
  });

  it('are checked when the pack is loaded: the last stage decides, one bureau decides, reviewers exist', () => {
    const issues = (stages: unknown): string[] => {
      try {
        packWithBudgetCheck(stages);
        return [];
      } catch (err) {
        return (err as PolicyPackError).issues.map((i) => `${i.path} ${i.message}`);
      }
    };
    expect(
      issues([
        { code: 'review', reviewers: ['lead'], decides: true },
        { code: 'after', reviewers: ['drc'] },
      ]).join('\n'),
    ).toMatch(/only the last stage decides[\s\S]*the last stage decides/);
    expect(issues([{ code: 'final', reviewers: ['coReviewers'], decides: true }]).join('\n')).toMatch(/exactly one reviewer/);
    expect(
      issues([
        { code: 'x', reviewers: ['nobody'] },
        { code: 'final', reviewers: ['lead'], decides: true },
      ]).join('\n'),
    ).toMatch(/reviewer nobody is neither a bureau/);
    expect(issues(BUDGET_CHECK)).toEqual([]);
  });
});
