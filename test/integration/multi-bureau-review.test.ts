import { fixedClock } from '../../src/common/clock';
import { startHarness, type Harness } from '../support/harness';
import { m10Submission, m15Submission, m9SpecialSubmission, RECEIPT_IN_WINDOW } from '../support/fixtures';
import { officerOf, ReviewClient, type TaskItem } from '../support/review';

/**
 * Multi-bureau review over HTTP, on real PostgreSQL and a real Temporal dev server: the lead's
 * intake review, the co-reviewing bureaus (and the applicant's district) in parallel, the lead's
 * final decision. The routing comes from the pack, read back from the case's assessment.
 */
describe('multi-bureau review (会签)', () => {
  let h: Harness;
  let r: ReviewClient;
  beforeAll(async () => {
    h = await startHarness({ clock: fixedClock(RECEIPT_IN_WINDOW) });
    r = new ReviewClient(h.http, h.tokenFor);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Waits for the co-review stage and returns one task per parallel bureau. */
  async function parallelTasks(caseId: string, bureaus: string[]): Promise<TaskItem[]> {
    return Promise.all(bureaus.map((b) => r.waitForTask(officerOf(b), caseId, 'co-review')));
  }

  it('routes a measure-9 special project (科技重大专项) to stic’s intake, then stic, miit and drc in parallel from one instant, then stic’s decision', async () => {
    const id = await r.submit('applicant-siat', m9SpecialSubmission());
    const c0 = await r.waitForStatus('applicant-siat', id, 'in_review');
    // Jointly managed by the three bureaus of measure 9: the lead gives its own opinion in the parallel round.
    expect(c0.routing).toMatchObject({ lead: 'stic', coReviewers: ['stic', 'miit', 'drc'], district: null, districtLabel: null });
    expect(c0.routing).toMatchObject({ coReviewersLabels: ['市科技创新局', '市工业和信息化局', '市发展改革委'].map((zh) => expect.objectContaining({ zh })) });

    const intake = await r.waitForTask(officerOf('stic'), id, 'intake');
    // Nothing reaches the other bureaus before the lead's intake review.
    for (const b of ['miit', 'drc']) expect(await r.inboxFor(officerOf(b), id)).toEqual([]);
    expect((await r.inboxFor(officerOf('stic'), id)).map((t) => t.stage)).toEqual(['intake']);
    await r.claimAndDecide(officerOf('stic'), intake.id, { decision: 'approve', comment: 'complete and in scope' });

    const co = await parallelTasks(id, ['stic', 'miit', 'drc']);
    expect(co.map((t) => [t.bureauCode, t.stage, t.status])).toEqual([
      ['stic', 'co-review', 'open'],
      ['miit', 'co-review', 'open'],
      ['drc', 'co-review', 'open'],
    ]);
    expect(new Set(co.map((t) => t.createdAt)).size).toBe(1);
    expect(new Set(co.map((t) => t.dueAt)).size).toBe(1);
    expect(Date.parse(co[0]!.createdAt)).toBeGreaterThan(Date.parse(intake.createdAt));

    // What the applicant sees: three parallel reviews, by stic, miit and drc, that started at the same time.
    const seen = await r.readCase('applicant-siat', id);
    const parallel = seen.tasks.filter((t) => t.stage === 'co-review');
    expect(parallel.map((t) => t.bureauCode).sort()).toEqual(['drc', 'miit', 'stic']);
    expect(new Set(parallel.map((t) => t.createdAt)).size).toBe(1);
    const opened = seen.timeline.filter((e) => e.type === 'task.opened' && e.data.stage === 'co-review');
    expect(opened.map((e) => e.data.bureauCode).sort()).toEqual(['drc', 'miit', 'stic']);
    expect(new Set(opened.map((e) => e.at))).toEqual(new Set([parallel[0]!.createdAt]));

    for (const t of co) {
      const body = await r.claimAndDecide(officerOf(t.bureauCode), t.id, { decision: 'approve', amountFen: '90000000', comment: `${t.bureauCode} agrees` });
      expect(body.caseStatus).toBe('in_review');
    }

    const final = await r.waitForTask(officerOf('stic'), id, 'final');
    const detail = await h.http.get(`/tasks/${final.id}`).set(r.auth(officerOf('stic')));
    expect(detail.status).toBe(200);
    expect(detail.body.application).toMatchObject({ id, measureCode: 'm9', subtypeCode: 'm9-special', form: { projectInvestmentFen: '200000000' } });
    expect(detail.body.award).toMatchObject({ amountFen: '100000000' });
    expect(
      (detail.body.opinions as { bureauCode: string; stage: string; decision: string; amountFen: string | null }[]).map((o) => [
        o.stage,
        o.bureauCode,
        o.decision,
      ]),
    ).toEqual([
      ['intake', 'stic', 'approve'],
      ['co-review', 'stic', 'approve'],
      ['co-review', 'miit', 'approve'],
      ['co-review', 'drc', 'approve'],
    ]);
    expect((detail.body.timeline as { type: string }[]).map((e) => e.type)).toContain('case.assessed');

    const decided = await r.claimAndDecide(officerOf('stic'), final.id, {
      decision: 'approve',
      amountFen: '95000000',
      comment: 'one work package is out of scope',
    });
    expect(decided).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '95000000' });
    const done = await r.readCase('applicant-siat', id);
    expect(done).toMatchObject({ status: 'approved', approvedAwardFen: '95000000' });
    expect(done.tasks.map((t) => [t.stage, t.bureauCode, t.status])).toEqual(
      expect.arrayContaining([
        ['intake', 'stic', 'completed'],
        ['co-review', 'stic', 'completed'],
        ['co-review', 'miit', 'completed'],
        ['co-review', 'drc', 'completed'],
        ['final', 'stic', 'completed'],
      ]),
    );
    expect(done.tasks).toHaveLength(5);
  });

  it('opens the three co-reviews of measure 15 at the same instant, and approving over a rejection needs an override reason', async () => {
    const id = await r.submit('applicant-lingxi', m15Submission());
    const c0 = await r.waitForStatus('applicant-lingxi', id, 'in_review');
    expect(c0.routing).toMatchObject({
      lead: 'talent',
      leadLabel: { zh: '市人才工作局', en: 'Municipal Talent Work Bureau' },
      coReviewers: ['stic', 'hrss', 'miit'],
      district: null,
    });

    const intake = await r.waitForTask(officerOf('talent'), id, 'intake');
    await r.claimAndDecide(officerOf('talent'), intake.id, { decision: 'approve' });
    const co = await parallelTasks(id, ['stic', 'hrss', 'miit']);
    const coTasks = (await r.readCase('applicant-lingxi', id)).tasks.filter((t) => t.stage === 'co-review');
    expect(coTasks.map((t) => t.bureauCode).sort()).toEqual(['hrss', 'miit', 'stic']);
    expect(new Set(co.map((t) => t.createdAt)).size).toBe(1);
    expect(new Set(co.map((t) => t.dueAt)).size).toBe(1);
    expect(Date.parse(co[0]!.createdAt)).toBeGreaterThan(Date.parse(intake.createdAt));

    const [stic, hrss, miit] = co as [TaskItem, TaskItem, TaskItem];
    await r.claimAndDecide(officerOf('stic'), stic.id, { decision: 'approve' });
    const rejected = await r.claimAndDecide(officerOf('hrss'), hrss.id, { decision: 'reject', reason: 'the founder’s overseas degree is not verified' });
    // A co-reviewer's rejection is an opinion: the case goes on to the lead.
    expect(rejected.caseStatus).toBe('in_review');
    await r.claimAndDecide(officerOf('miit'), miit.id, { decision: 'approve' });

    const final = await r.waitForTask(officerOf('talent'), id, 'final');
    const detail = await h.http.get(`/tasks/${final.id}`).set(r.auth(officerOf('talent')));
    expect(detail.body.opinions).toEqual(
      expect.arrayContaining([expect.objectContaining({ bureauCode: 'hrss', decision: 'reject', comment: 'the founder’s overseas degree is not verified' })]),
    );
    expect((await r.claim(officerOf('talent'), final.id)).status).toBe(200);
    const bare = await r.decide(officerOf('talent'), final.id, { decision: 'approve' });
    expect(bare.status).toBe(422);
    expect(bare.body).toMatchObject({ field: 'overrideReason', reason: 'Invalid' });
    // Which bureau rejected is on the task page (其他部门意见), by name; the refusal names no code.
    expect(bare.body).toMatchObject({ message: expect.stringMatching(/co-reviewing bureau rejected/), zh: '会签部门已提出不同意意见,批准须说明理由' });

    const ok = await r.decide(officerOf('talent'), final.id, { decision: 'approve', overrideReason: 'degree verified with the embassy after hrss reviewed' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '50000000' });
    const done = await r.readCase('admin', id);
    expect(done.status).toBe('approved');
    const decidedEvent = done.timeline.find((e) => e.type === 'task.decided' && e.data.taskId === final.id);
    expect(decidedEvent?.data).toMatchObject({ decision: 'approve', overrideReason: 'degree verified with the embassy after hrss reviewed' });
    // The override reason is kept apart from the public one: officers read it, the applicant never does.
    expect(done.decisionReason).toBe('degree verified with the embassy after hrss reviewed');
    expect(done.timeline.find((e) => e.type === 'case.approved')?.data).toMatchObject({
      reason: null,
      internalReason: 'degree verified with the embassy after hrss reviewed',
    });
    // The applicant learns each bureau's decision, not the officers, their comments or why the lead overrode hrss.
    const seen = await r.readCase('applicant-lingxi', id);
    expect(seen.timeline.find((e) => e.type === 'task.decided' && e.data.taskId === final.id)).toEqual({
      at: decidedEvent!.at,
      type: 'task.decided',
      // The applicant is not told who decided, neither by id nor by name.
      actorId: null,
      actorName: null,
      typeLabel: { zh: '审核意见', en: 'Review decision' },
      data: { taskId: final.id, bureauCode: 'talent', stage: 'final', decision: 'approve' },
      text: { zh: '市人才工作局(审定):同意', en: 'Municipal Talent Work Bureau (Final decision): agreed' },
    });
    expect(seen.timeline.find((e) => e.type === 'task.decided' && e.data.bureauCode === 'hrss')?.data).toEqual({
      taskId: hrss.id,
      bureauCode: 'hrss',
      stage: 'co-review',
      decision: 'reject',
    });
    expect(seen.decisionReason).toBeNull();
    expect(JSON.stringify(seen)).not.toMatch(/officer-|embassy|overseas degree/);
  });

  it('puts the government of the applicant’s registered district into the parallel stage (measure 10, Nanshan)', async () => {
    const id = await r.submit('applicant-lingxi', m10Submission());
    const c0 = await r.waitForStatus('applicant-lingxi', id, 'in_review');
    expect(c0.routing).toEqual({
      lead: 'miit',
      leadLabel: { zh: '市工业和信息化局', en: 'Municipal Bureau of Industry and Information Technology' },
      coReviewers: [],
      coReviewersLabels: [],
      district: 'district:nanshan',
      districtLabel: { zh: '南山区人民政府', en: 'Nanshan District Government' },
    });
    const intake = await r.waitForTask(officerOf('miit'), id, 'intake');
    await r.claimAndDecide(officerOf('miit'), intake.id, { decision: 'approve' });
    const district = await r.waitForTask(officerOf('district:nanshan'), id, 'co-review');
    expect(district.bureauCode).toBe('district:nanshan');
    // Other districts never see it.
    expect(await r.inboxFor(officerOf('district:futian'), id)).toEqual([]);
    await r.claimAndDecide(officerOf('district:nanshan'), district.id, { decision: 'approve' });
    const final = await r.waitForTask(officerOf('miit'), id, 'final');
    const done = await r.claimAndDecide(officerOf('miit'), final.id, { decision: 'reject', reason: 'the centre is not on the qualified list' });
    expect(done).toMatchObject({ caseStatus: 'rejected', approvedAwardFen: null });
    expect((await r.readCase('applicant-lingxi', id)).decisionReason).toBe('the centre is not on the qualified list');
  });

  it('shows the city/district split of a co-funded award, re-split for the amount the lead approves (measure 10)', async () => {
    const id = await r.submit('applicant-lingxi', m10Submission({ serviceContractNumber: 'DAIC-2025-031' }));
    const c0 = await r.waitForStatus('applicant-lingxi', id, 'in_review');
    // 60,000,000 fen of the enterprise's own share × 50% = 30,000,000 fen, paid half by the city, half by Nanshan.
    expect(c0.computedAwardFen).toBe('30000000');
    expect(c0.coFunding).toEqual({
      districtBureau: 'district:nanshan',
      districtBureauLabel: { zh: '南山区人民政府', en: 'Nanshan District Government' },
      cityFen: '15000000',
      districtFen: '15000000',
      districtShareBp: 5000,
    });

    await r.claimAndDecide(officerOf('miit'), (await r.waitForTask(officerOf('miit'), id, 'intake')).id, { decision: 'approve' });
    await r.claimAndDecide(officerOf('district:nanshan'), (await r.waitForTask(officerOf('district:nanshan'), id, 'co-review')).id, { decision: 'approve' });
    const final = await r.waitForTask(officerOf('miit'), id, 'final');
    const decided = await r.claimAndDecide(officerOf('miit'), final.id, {
      decision: 'approve',
      amountFen: '29999999',
      comment: 'one invoice falls outside the contract period',
    });
    expect(decided).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '29999999' });

    // 29,999,999 fen: the district's half is floored, the odd fen goes to the city.
    const done = await r.waitForStatus('applicant-lingxi', id, 'approved');
    expect(done.coFunding).toEqual({
      districtBureau: 'district:nanshan',
      districtBureauLabel: { zh: '南山区人民政府', en: 'Nanshan District Government' },
      cityFen: '15000000',
      districtFen: '14999999',
      districtShareBp: 5000,
    });
    expect((await r.readCase(officerOf('district:nanshan'), id)).coFunding).toEqual(done.coFunding);
  });

  it('ends the case when the lead rejects at intake: no co-review starts', async () => {
    const id = await r.submit('applicant-szu', m9SpecialSubmission({ projectCode: 'SZ-AI-2025-010' }));
    const c0 = await r.waitForStatus('applicant-szu', id, 'in_review');
    const lead = c0.routing!.lead;
    const intake = await r.waitForTask(officerOf(lead), id, 'intake');
    const res = await r.claimAndDecide(officerOf(lead), intake.id, { decision: 'reject', reason: 'not a major special project' });
    expect(res).toMatchObject({ caseStatus: 'rejected' });
    const done = await r.readCase('applicant-szu', id);
    expect(done.status).toBe('rejected');
    expect(done.tasks.map((t) => t.stage)).toEqual(['intake']);
  });

  it('lets the applicant withdraw during the co-review: open tasks are cancelled and nothing more can be done', async () => {
    const id = await r.submit('applicant-lingxi', m15Submission({ unifiedSocialCreditCode: '91440300MA5WITHDRW' }));
    await r.waitForStatus('applicant-lingxi', id, 'in_review');
    const intake = await r.waitForTask(officerOf('talent'), id, 'intake');
    await r.claimAndDecide(officerOf('talent'), intake.id, { decision: 'approve' });
    const co = await parallelTasks(id, ['stic', 'hrss', 'miit']);
    expect((await r.claim(officerOf('stic'), co[0]!.id)).status).toBe(200);

    expect((await h.http.post(`/cases/${id}/withdraw`).set(r.auth('applicant-szu')).send({})).status).toBe(404);
    expect(
      (
        await h.http
          .post(`/cases/${id}/withdraw`)
          .set(r.auth(officerOf('stic')))
          .send({})
      ).status,
    ).toBe(403);

    const res = await h.http.post(`/cases/${id}/withdraw`).set(r.auth('applicant-lingxi')).send({ reason: 'we received a national grant instead' });
    expect(res.status).toBe(200);
    expect(res.body.caseStatus).toBe('withdrawn');
    expect([...(res.body.cancelledTaskIds as string[])].sort()).toEqual(co.map((t) => t.id).sort());

    const c = await r.readCase('applicant-lingxi', id);
    expect(c.status).toBe('withdrawn');
    expect(c.tasks.filter((t) => t.stage === 'co-review').map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(c.timeline.find((e) => e.type === 'case.withdrawn')).toMatchObject({
      actorId: 'applicant-lingxi',
      data: { reason: 'we received a national grant instead' },
    });
    expect((await r.inboxFor(officerOf('hrss'), id, '&status=open')).length).toBe(0);

    const decide = await r.decide(officerOf('stic'), co[0]!.id, { decision: 'approve' });
    expect(decide.status).toBe(409);
    const again = await h.http.post(`/cases/${id}/withdraw`).set(r.auth('applicant-lingxi')).send({});
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/withdrawn/);
  });

  it('refuses a withdrawal after the final decision', async () => {
    const id = await r.submit('applicant-siat', m9SpecialSubmission({ projectCode: 'SZ-AI-2025-011' }));
    const c0 = await r.waitForStatus('applicant-siat', id, 'in_review');
    const { lead } = c0.routing!;
    const intake = await r.waitForTask(officerOf(lead), id, 'intake');
    await r.claimAndDecide(officerOf(lead), intake.id, { decision: 'reject', reason: 'out of scope' });
    const res = await h.http.post(`/cases/${id}/withdraw`).set(r.auth('applicant-siat')).send({});
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/rejected/);
  });
});
