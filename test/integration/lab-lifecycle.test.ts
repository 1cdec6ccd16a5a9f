import { loadPackFiles } from '../../seeds/seed';
import type { PolicyPack } from '../../src/domain';
import { labWorkflowId } from '../../workflows/lab.messages';
import { caseWorkflowId } from '../../workflows/case.messages';
import { SearchAttributeKeys } from '../../src/temporal/search-attributes';
import { captureHistories } from '../support/histories';
import { approveUntilFinal, readCase, waitForAssessment } from '../support/approve';
import { SHENZHEN } from '../support/fixtures';
import { keepWindowOpen } from '../support/packs';
import { eventually, startHarness, type Harness } from '../support/harness';
import { skipTime } from '../support/temporal';

const DAY = 86_400_000;
const SUCCESSOR = 'sz-successor';
const iso = (ms: number): string => new Date(ms).toISOString();

interface LabBody {
  id: string;
  status: string;
  designatedOn: string;
  nextEvaluationOn: string | null;
  ended: { at: string; reason: { zh: string; en: string } } | null;
  grades: { value: string; label: { zh: string; en: string }; rewarded: boolean; defaultRewardFen: string | null }[];
  evaluations: {
    cycle: number;
    dueOn: string;
    taskId: string;
    taskDueAt: string;
    grade: string | null;
    reward: { kind: string; caseId?: string; packId?: string; message?: { zh: string; en: string } } | null;
  }[];
}

interface NoticeItem {
  kind: string;
  caseId: string | null;
  subject: { zh: string; en: string };
  body: { zh: string; en: string };
  data: Record<string, unknown>;
}

/**
 * Measure 13 on the time-skipping server, with the real activities and PostgreSQL: a key lab
 * designated now is evaluated every three years for fifteen years. Its own policy closes within a
 * year; a successor covers years 1–8, so the first two evaluations fall under it and the third under
 * no policy at all; two fails in a row then end the designation.
 */
describe('a key lab’s lifecycle (time-skipping)', () => {
  let h: Harness;
  const sz = keepWindowOpen(loadPackFiles().find((p) => p.id === SHENZHEN)!);
  const successor: PolicyPack = (() => {
    const from = sz.validity.to;
    const to = iso(Date.parse(from) + 7 * 365 * DAY);
    return { ...sz, id: SUCCESSOR, succeeds: SHENZHEN, validity: { from, to }, versions: sz.versions.slice(0, 1).map((v) => ({ ...v, effectiveFrom: from })) };
  })();
  beforeAll(async () => {
    h = await startHarness({ timeSkipping: true, waitForIntake: false, packs: [sz, successor] });
    await eventually(async () => ((await h.prisma.policyPack.findUniqueOrThrow({ where: { id: SHENZHEN } })).intakeOpen ? true : undefined));
  });
  afterAll(async () => {
    await h?.close();
  });
  const lab = async (user: string, id: string): Promise<{ status: number; body: LabBody }> => {
    const r = await h.http.get(`/labs/${id}`).set(h.auth(user));
    return { status: r.status, body: r.body as LabBody };
  };
  const grade = (user: string, id: string, cycle: number, g: string) =>
    h.http.post(`/labs/${id}/evaluations/${cycle}/grade`).set(h.auth(user)).send({ grade: g });
  /** Skips to the next evaluation date and waits for its task to open in stic's inbox. */
  const reachEvaluation = async (id: string, cycle: number): Promise<LabBody['evaluations'][number]> => {
    const before = (await lab('applicant-szu', id)).body;
    const at = Date.parse(`${before.nextEvaluationOn}T00:00:00+08:00`);
    await skipTime(h.env, at - (await h.env.currentTimeMs()) + 60_000);
    const ev = await eventually(async () => (await lab('applicant-szu', id)).body.evaluations.find((e) => e.cycle === cycle), 30_000, `evaluation ${cycle}`);
    // The run that opened this evaluation: a fresh one each cycle, with a small history.
    const handle = h.env.client.workflow.getHandle(labWorkflowId(id));
    runs.push((await handle.describe()).runId);
    sizes.push((await handle.fetchHistory()).events?.length ?? 0);
    const inbox = await h.http.get('/tasks?status=open').set(h.auth('officer-stic'));
    expect((inbox.body.items as { id: string; stage: string }[]).find((t) => t.id === ev.taskId)).toMatchObject({
      stage: `lab-evaluation-${cycle}`,
      caseId: id,
      labId: id,
    });
    // Opened from the inbox, it names its lab beside the designating case.
    const detail = await h.http.get(`/tasks/${ev.taskId}`).set(h.auth('officer-stic'));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ task: { labId: id }, application: { id }, lab: { id, organisationId: 'org-szu' } });
    return ev;
  };
  const runs: string[] = [];
  const sizes: number[] = [];

  it('evaluates every three years, pays through a reward case only under a policy in force, and ends after two fails', async () => {
    // A lab may not file its own evaluation reward any more.
    const selfFiled = await h.http
      .post('/cases')
      .set(h.auth('applicant-lab'))
      .send({
        packId: SHENZHEN,
        measureCode: 'm13',
        subtypeCode: 'm13-eval',
        form: { labName: '深圳市具身智能重点实验室', labCode: 'L-1', evaluationCycle: 1, grade: 'excellent', evaluationReport: 'doc-1' },
      });
    expect(selfFiled.status).toBe(422);
    expect(selfFiled.body).toMatchObject({ field: 'subtypeCode', reason: 'FiledByLifecycle', zh: expect.stringContaining('不接受申请') });

    const submitted = await h.http
      .post('/cases')
      .set(h.auth('applicant-szu'))
      .send({
        packId: SHENZHEN,
        measureCode: 'm13',
        subtypeCode: 'm13-new',
        form: {
          labName: '深圳大学多模态智能重点实验室',
          approvalNumber: 'SZKL-2026-01',
          approvedOn: '2026-11-30',
          requestedAmountFen: '450000000',
          approvalDocument: 'doc-approval',
          constructionPlan: 'doc-plan',
          nationalOrProvincialFunding: false,
        },
      });
    expect(submitted.status).toBe(201);
    const labId = submitted.body.id as string;
    await waitForAssessment(h, 'applicant-szu', labId);
    const designation = (await approveUntilFinal(h, 'applicant-szu', labId)).case;
    expect(designation.status).toBe('approved');
    // The case view names the lab it designates, so the pages link it without guessing.
    expect((await readCase(h, 'applicant-szu', labId)).labId).toBe(labId);

    const first = await eventually(async () => {
      const r = await lab('applicant-szu', labId);
      return r.status === 200 ? r.body : undefined;
    });
    // The calendar runs from the designation date the form states (批准日期), not from the system's approval.
    expect(first).toMatchObject({ status: 'active', designatedOn: '2026-11-30', evaluations: [], nextEvaluationOn: '2029-11-30' });
    expect((await lab('applicant-lingxi', labId)).status).toBe(404);
    expect((await lab('officer-miit', labId)).status).toBe(404);
    // The grades an evaluation can give, named and priced by the lab's policy (what the grading page offers).
    expect(first.grades).toEqual([
      { value: 'excellent', label: { zh: '优秀', en: 'excellent' }, rewarded: true, defaultRewardFen: '300000000' },
      expect.objectContaining({ value: 'good', rewarded: true }),
      expect.objectContaining({ value: 'pass', rewarded: false, defaultRewardFen: null }),
      expect.objectContaining({ value: 'fail', rewarded: false, defaultRewardFen: null }),
    ]);

    // Cycle 1 (year 3): after the lab's own policy closed; the successor covers it and pays through a reward case.
    const e1 = await reachEvaluation(labId, 1);
    expect(e1.dueOn).toBe(first.nextEvaluationOn);
    // The lab's organisation is told, through the notices outbox, which lab, which cycle and by when.
    const dueBy = new Date(Date.parse(e1.taskDueAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const told = await eventually(async () => {
      const r = await h.http.get(`/notices?caseId=${labId}`).set(h.auth('applicant-szu'));
      return (r.body.items as NoticeItem[] | undefined)?.find((n) => n.kind === 'lab_evaluation_due' && n.data.cycle === 1);
    });
    expect(told).toMatchObject({
      caseId: labId,
      subject: { zh: `重点实验室评估:深圳大学多模态智能重点实验室 第 1 次评估,截止 ${dueBy}`, en: expect.stringContaining(`evaluation 1, by ${dueBy}`) },
      body: { zh: expect.stringContaining('市科技创新局'), en: expect.stringContaining(`opened on ${e1.dueOn}`) },
      data: { labId, cycle: 1, evaluationOn: e1.dueOn, dueAt: e1.taskDueAt },
    });
    // Nobody else's.
    const others = await h.http.get(`/notices?caseId=${labId}`).set(h.auth('applicant-lingxi'));
    expect(others.body.items).toEqual([]);
    // Anyone but the evaluating bureau is answered as if there were no such lab.
    expect((await grade('applicant-szu', labId, 1, 'excellent')).status).toBe(404);
    expect((await grade('officer-miit', labId, 1, 'excellent')).status).toBe(404);
    expect((await grade('officer-stic', labId, 2, 'excellent')).status).toBe(409);
    const bad = await grade('officer-stic', labId, 1, 'superb');
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ field: 'grade', zh: expect.stringContaining('优秀'), message: expect.stringContaining('excellent') });
    const g1 = await grade('officer-stic', labId, 1, 'excellent');
    expect(g1.status).toBe(200);
    expect(g1.body).toMatchObject({ cycle: 1, grade: 'excellent', status: 'active', reward: { kind: 'filed', packId: SUCCESSOR } });
    const rewardId = g1.body.reward.caseId as string;
    const reward = await waitForAssessment(h, 'applicant-szu', rewardId);
    expect(reward).toMatchObject({ packId: SUCCESSOR, measureCode: 'm13', subtypeCode: 'm13-eval', status: 'in_review' });
    // The pack's default for excellent: 3,000,000 yuan; approved through the normal review.
    expect(reward.award).toMatchObject({ kind: 'graded', amountFen: '300000000' });
    expect((await approveUntilFinal(h, 'applicant-szu', rewardId)).case).toMatchObject({ status: 'approved', approvedAwardFen: '300000000', labId: null });
    // Filed as every case is (src/cases/filing.ts): found by its reference in Temporal, and a child of the lab.
    const rewardRun = await h.env.client.workflow.getHandle(caseWorkflowId(rewardId)).describe();
    expect(rewardRun.typedSearchAttributes.get(SearchAttributeKeys.CaseReference)).toBe((reward as unknown as { reference: string }).reference);
    expect(rewardRun.parentExecution?.workflowId).toBe(labWorkflowId(labId));

    // Cycle 2 (year 6): pass earns nothing.
    const e2 = await reachEvaluation(labId, 2);
    // Like a review task: due taskDueDays after it opens, a reminder reminderDaysBeforeDue before, then marked overdue.
    const task = async (): Promise<{ dueAt: string; createdAt: string; remindedAt: string | null; escalatedAt: string | null }> =>
      ((await h.http.get('/tasks?status=open').set(h.auth('officer-stic'))).body.items as { id: string }[]).find((t) => t.id === e2.taskId) as never;
    const t2 = await task();
    expect(Date.parse(t2.dueAt) - Date.parse(t2.createdAt)).toBe(15 * DAY);
    expect(t2).toMatchObject({ remindedAt: null, escalatedAt: null });
    await skipTime(h.env, 12 * DAY + 3_600_000);
    const reminded = await eventually(async () => ((await task()).remindedAt ? task() : undefined), 20_000, 'the reminder');
    expect(Date.parse(reminded.remindedAt!)).toBeGreaterThanOrEqual(Date.parse(t2.dueAt) - 3 * DAY);
    expect(reminded.escalatedAt).toBeNull();
    await skipTime(h.env, 3 * DAY);
    await eventually(async () => ((await task()).escalatedAt ? true : undefined), 20_000, 'the overdue mark');
    expect((await grade('officer-stic', labId, 2, 'pass')).body).toMatchObject({ reward: { kind: 'notRewarded' } });

    // Cycle 3 (year 9): good, but no policy is in force any more: the grade is recorded, no reward paid.
    await reachEvaluation(labId, 3);
    const g3 = await grade('officer-stic', labId, 3, 'good');
    expect(g3.body).toMatchObject({ reward: { kind: 'noPolicy' }, status: 'active' });
    expect(g3.body.reward.message.en).toContain('no reward can be paid');
    expect(g3.body.reward.message.zh).toContain('不予奖励');
    expect(await h.prisma.case.count({ where: { subtypeCode: 'm13-eval' } })).toBe(1);

    // Cycles 4 and 5 (years 12, 15): two fails in a row end the designation.
    await reachEvaluation(labId, 4);
    expect((await grade('officer-stic', labId, 4, 'fail')).body).toMatchObject({ status: 'active' });
    await reachEvaluation(labId, 5);
    const g5 = await grade('officer-stic', labId, 5, 'fail');
    expect(g5.body).toMatchObject({ status: 'ended', ended: { reason: { en: expect.stringContaining('2 evaluations in a row failed (cycles 4, 5)') } } });

    for (const who of ['applicant-szu', 'admin']) {
      const seen = (await lab(who, labId)).body;
      expect(seen).toMatchObject({ status: 'ended', nextEvaluationOn: null, ended: { reason: { zh: expect.stringContaining('认定终止') } } });
      expect(seen.evaluations.map((e) => [e.cycle, e.grade, e.reward?.kind])).toEqual([
        [1, 'excellent', 'filed'],
        [2, 'pass', 'notRewarded'],
        [3, 'good', 'noPolicy'],
        [4, 'fail', 'notRewarded'],
        [5, 'fail', 'notRewarded'],
      ]);
    }
    // Every cycle is its own run (continue-as-new), and a run's history stays small.
    expect(new Set(runs).size).toBe(5);
    expect(sizes).toHaveLength(5);
    for (const n of sizes) expect(n).toBeLessThan(40);
    // Later runs do the same work (open, remind, grade, project): their histories do not grow with the lab's age.
    expect(new Set(sizes.slice(1)).size).toBe(1);
    expect(await h.env.client.workflow.getHandle(labWorkflowId(labId)).result()).toMatchObject({ status: 'ended' });
    // Evaluation dates: three years apart from the designation date.
    const dues = (await lab('admin', labId)).body.evaluations.map((e) => e.dueOn);
    expect(dues).toEqual(['2029-11-30', '2032-11-30', '2035-11-30', '2038-11-30', '2041-11-30']);
    expect((await readCase(h, 'applicant-szu', labId)).status).toBe('approved');
    // The harness records each workflow's latest run; the lab's earlier runs have shapes of their own.
    if (process.env.CAPTURE_HISTORIES === '1')
      await captureHistories(
        h.env.client,
        runs.slice(0, 2).map((runId) => ({ workflowId: labWorkflowId(labId), runId })),
      );
  });
});
