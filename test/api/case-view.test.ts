import { randomUUID } from 'node:crypto';
import { loadPackFiles } from '../../seeds/seed';
import { assessApplication, packVersion, type Assessment } from '../../src/domain';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m10Submission, m15Submission, m2Submission, SHENZHEN } from '../support/fixtures';

const RECEIVED = '2025-06-02T09:00:00+08:00';
const at = (minutes: number): Date => new Date(Date.parse(RECEIVED) + minutes * 60_000);
const rules = packVersion(
  loadPackFiles().find((p) => p.id === SHENZHEN)!,
  1,
);

interface Timeline {
  at: string;
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/**
 * GET /cases/:id and the list as each role sees them, over a case written straight into the
 * projection (its workflow is the integration tier's subject): the co-funding split, and what of the
 * review the applicant is told.
 */
describe('a case as the applicant and as the bureaus see it', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const read = async (user: string, id: string): Promise<Record<string, unknown> & { timeline: Timeline[] }> => {
    const res = await api.http.get(`/cases/${id}`).set(as(user));
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown> & { timeline: Timeline[] };
  };

  /** A real assessment of the form, stored with the case as the assessment activity stores it. */
  async function caseOf(
    submission: Record<string, unknown>,
    org: { id: string; user: string; district: string | null },
    state: { status?: 'in_review' | 'approved'; approvedAwardFen?: bigint; decisionReason?: string } = {},
  ): Promise<{ id: string; assessment: Assessment }> {
    const { measureCode, subtypeCode, form } = submission as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
    const assessment = assessApplication(rules, {
      measureCode,
      subtypeCode,
      form,
      applicant: { organisationId: org.id, kind: 'enterprise', isStartup: true, district: org.district, registeredOn: '2024-03-01' },
      receivedAt: RECEIVED,
    });
    const id = await api.insertCase({
      measureCode,
      subtypeCode,
      organisationId: org.id,
      submittedById: org.user,
      form: form as object,
      assessment: assessment as unknown as object,
      computedAwardFen: BigInt(assessment.award.amountFen),
      approvedAwardFen: state.approvedAwardFen ?? null,
      decisionReason: state.decisionReason ?? null,
      status: state.status ?? 'in_review',
      submittedAt: new Date(RECEIVED),
    });
    return { id, assessment };
  }
  const LINGXI = { id: 'org-lingxi', user: 'applicant-lingxi', district: 'nanshan' };

  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('a co-funded award (measure 10: the city and Nanshan district pay it together)', () => {
    it('shows what each treasury pays of the computed award while the case is in review', async () => {
      // 60,000,000 fen of the enterprise's own share × 50% = 30,000,000 fen, half of it Nanshan's.
      const { id, assessment } = await caseOf(m10Submission(), LINGXI);
      expect(assessment.award.amountFen).toBe('30000000');
      const c = await read('applicant-lingxi', id);
      expect(c.coFunding).toEqual({ districtBureau: 'district:nanshan', cityFen: '15000000', districtFen: '15000000', districtShareBp: 5000 });
      expect((await read('admin', id)).coFunding).toEqual(c.coFunding);
    });

    it('re-splits the approved amount when the officer approved less, the odd fen going to the city', async () => {
      const { id } = await caseOf(m10Submission({ serviceContractNumber: 'DAIC-2025-018' }), LINGXI, {
        status: 'approved',
        approvedAwardFen: 29_999_999n,
        decisionReason: 'one invoice is outside the contract period',
      });
      const c = await read('applicant-lingxi', id);
      expect(c).toMatchObject({ status: 'approved', computedAwardFen: '30000000', approvedAwardFen: '29999999' });
      expect(c.coFunding).toEqual({ districtBureau: 'district:nanshan', cityFen: '15000000', districtFen: '14999999', districtShareBp: 5000 });
      const listed = await api.http.get('/cases?measureCode=m10&status=approved').set(as('applicant-lingxi'));
      expect((listed.body.items as { id: string; coFunding: unknown }[]).find((x) => x.id === id)?.coFunding).toEqual(c.coFunding);
    });

    it('has no split for an award one treasury pays alone', async () => {
      const { id } = await caseOf(m2Submission({ contractNumber: 'VIEW-M2' }), LINGXI);
      expect((await read('applicant-lingxi', id)).coFunding).toBeNull();
    });
  });

  describe('the timeline of a multi-bureau review (measure 15)', () => {
    let id = '';
    const intake = randomUUID();
    const hrss = randomUUID();
    const resumed = randomUUID();
    const final = randomUUID();
    const DUE = '2025-06-20T01:00:00.000Z';
    const OVERRIDE = 'degree verified with the embassy after hrss reviewed';
    const events: { type: string; actorId: string | null; data: object }[] = [
      { type: 'case.submitted', actorId: 'applicant-lingxi', data: { packVersion: 1 } },
      {
        type: 'case.assessed',
        actorId: null,
        data: { eligible: true, computedAwardFen: '50000000', routing: { lead: 'talent', coReviewers: ['hrss'], district: null } },
      },
      { type: 'task.opened', actorId: null, data: { taskId: intake, bureauCode: 'talent', stage: 'intake', dueAt: DUE } },
      { type: 'task.claimed', actorId: 'officer-talent', data: { taskId: intake, bureauCode: 'talent' } },
      {
        type: 'task.reassigned',
        actorId: 'supervisor-talent',
        data: { taskId: intake, bureauCode: 'talent', previousAssigneeId: 'officer-talent', assigneeId: 'officer2-talent' },
      },
      {
        type: 'task.decided',
        actorId: 'officer2-talent',
        data: {
          taskId: intake,
          bureauCode: 'talent',
          stage: 'intake',
          decision: 'approve',
          amountFen: '50000000',
          comment: 'complete and in scope',
          overrideReason: null,
          questions: null,
        },
      },
      { type: 'task.opened', actorId: null, data: { taskId: hrss, bureauCode: 'hrss', stage: 'co-review', dueAt: DUE } },
      { type: 'task.claimed', actorId: 'officer-hrss', data: { taskId: hrss, bureauCode: 'hrss' } },
      { type: 'task.reminder', actorId: null, data: { taskId: hrss, bureauCode: 'hrss', assigneeId: 'officer-hrss', dueAt: DUE } },
      {
        type: 'task.escalated',
        actorId: null,
        data: { taskId: hrss, bureauCode: 'hrss', assigneeId: 'officer-hrss', dueAt: DUE, priority: 1, supervisorIds: ['supervisor-hrss'] },
      },
      {
        type: 'task.decided',
        actorId: 'officer-hrss',
        data: {
          taskId: hrss,
          bureauCode: 'hrss',
          stage: 'co-review',
          decision: 'return',
          amountFen: null,
          comment: 'the scan looks edited',
          overrideReason: null,
          questions: ['Send the degree certificate'],
        },
      },
      {
        type: 'notice.information_requested',
        actorId: 'officer-hrss',
        data: { bureauCode: 'hrss', questions: ['Send the degree certificate'], answerDueAt: '2025-07-02T01:00:00.000Z', clock: 'paused' },
      },
      {
        type: 'case.information_received',
        actorId: 'applicant-lingxi',
        data: { answers: 'Certificate attached.', documentIds: ['doc-cert'], requestTaskId: hrss, pausedMs: 3_600_000 },
      },
      { type: 'clock.resumed', actorId: null, data: { pausedMs: 3_600_000, dueDates: [{ taskId: resumed, dueAt: DUE }] } },
      { type: 'task.opened', actorId: null, data: { taskId: resumed, bureauCode: 'hrss', stage: 'co-review', dueAt: DUE, resumedFrom: hrss } },
      {
        type: 'task.decided',
        actorId: 'officer-hrss',
        data: {
          taskId: resumed,
          bureauCode: 'hrss',
          stage: 'co-review',
          decision: 'reject',
          amountFen: null,
          comment: 'the degree is not verified',
          overrideReason: null,
          questions: null,
        },
      },
      { type: 'task.opened', actorId: null, data: { taskId: final, bureauCode: 'talent', stage: 'final', dueAt: DUE } },
      { type: 'task.claimed', actorId: 'officer-talent', data: { taskId: final, bureauCode: 'talent' } },
      {
        type: 'task.decided',
        actorId: 'officer-talent',
        data: {
          taskId: final,
          bureauCode: 'talent',
          stage: 'final',
          decision: 'approve',
          amountFen: '50000000',
          comment: null,
          overrideReason: OVERRIDE,
          questions: null,
        },
      },
      // v1: the public reason (the final approval had no comment) apart from the internal one; the award is set below.
      { type: 'case.approved', actorId: null, data: { approvedAwardFen: '50000000', reason: null, internalReason: OVERRIDE } },
    ];
    let award: Assessment['award'] | null = null;

    beforeAll(async () => {
      // The case row holds only the public reason: none here.
      let assessment: Assessment;
      ({ id, assessment } = await caseOf(m15Submission(), LINGXI, { status: 'approved', approvedAwardFen: 50_000_000n }));
      award = assessment.award;
      const approved = events[events.length - 1]!;
      approved.data = { ...approved.data, award };
      const task = (
        taskId: string,
        bureauCode: string,
        stage: string,
        minute: number,
        decision: string,
        extra: { comment?: string; overrideReason?: string; questions?: string[] } = {},
      ) => ({
        id: taskId,
        caseId: id,
        bureauCode,
        stage,
        status: 'completed' as const,
        createdAt: at(minute),
        dueAt: new Date(DUE),
        decision,
        comment: extra.comment ?? null,
        overrideReason: extra.overrideReason ?? null,
        ...(extra.questions ? { questions: extra.questions } : {}),
        completedAt: at(minute + 1),
        completedById: `officer-${bureauCode}`,
      });
      await api.prisma.reviewTask.createMany({
        data: [
          task(intake, 'talent', 'intake', 1, 'approve', { comment: 'complete and in scope' }),
          task(hrss, 'hrss', 'co-review', 3, 'return', { comment: 'the scan looks edited', questions: ['Send the degree certificate'] }),
          task(resumed, 'hrss', 'co-review', 5, 'reject', { comment: 'the degree is not verified' }),
          task(final, 'talent', 'final', 7, 'approve', { overrideReason: OVERRIDE }),
        ],
      });
      await api.prisma.caseEventRow.createMany({
        data: events.map((e, i) => ({ caseId: id, eventKey: `e${i}`, type: e.type, actorId: e.actorId, data: e.data, at: at(i) })),
      });
    });

    it('tells the applicant which bureau did what at which stage, and what was asked of them', async () => {
      const c = await read('applicant-lingxi', id);
      expect(c.timeline.map((e) => [e.type, e.actorId, e.data])).toEqual([
        ['case.submitted', 'applicant-lingxi', { packVersion: 1 }],
        ['case.assessed', null, { eligible: true, computedAwardFen: '50000000', routing: { lead: 'talent', coReviewers: ['hrss'], district: null } }],
        ['task.opened', null, { taskId: intake, bureauCode: 'talent', stage: 'intake' }],
        ['task.decided', null, { taskId: intake, bureauCode: 'talent', stage: 'intake', decision: 'approve' }],
        ['task.opened', null, { taskId: hrss, bureauCode: 'hrss', stage: 'co-review' }],
        ['task.decided', null, { taskId: hrss, bureauCode: 'hrss', stage: 'co-review', decision: 'return', questions: ['Send the degree certificate'] }],
        [
          'notice.information_requested',
          null,
          { bureauCode: 'hrss', questions: ['Send the degree certificate'], answerDueAt: '2025-07-02T01:00:00.000Z', clock: 'paused' },
        ],
        [
          'case.information_received',
          'applicant-lingxi',
          { answers: 'Certificate attached.', documentIds: ['doc-cert'], requestTaskId: hrss, pausedMs: 3_600_000 },
        ],
        ['task.opened', null, { taskId: resumed, bureauCode: 'hrss', stage: 'co-review' }],
        ['task.decided', null, { taskId: resumed, bureauCode: 'hrss', stage: 'co-review', decision: 'reject' }],
        ['task.opened', null, { taskId: final, bureauCode: 'talent', stage: 'final' }],
        ['task.decided', null, { taskId: final, bureauCode: 'talent', stage: 'final', decision: 'approve' }],
        ['case.approved', null, { approvedAwardFen: '50000000', reason: null, award }],
      ]);
      expect(c).toMatchObject({ status: 'approved', approvedAwardFen: '50000000', decisionReason: null });
    });

    it('never shows the applicant an officer, an internal comment or an override reason, in the case or the list', async () => {
      const one = JSON.stringify(await read('applicant-lingxi', id));
      const list = await api.http.get('/cases?measureCode=m15').set(as('applicant-lingxi'));
      expect(list.status).toBe(200);
      const listed = (list.body.items as { id: string }[]).find((x) => x.id === id);
      expect(JSON.stringify(listed)).toBe(one);
      for (const secret of [
        'officer-',
        'officer2-',
        'supervisor-',
        'complete and in scope',
        'the scan looks edited',
        'the degree is not verified',
        OVERRIDE,
        'task.claimed',
        'task.reassigned',
        'task.reminder',
        'task.escalated',
        'clock.resumed',
      ]) {
        expect({ secret, shown: one.includes(secret) }).toEqual({ secret, shown: false });
      }
    });

    it('keeps the full timeline for the bureaus on the case and for admins', async () => {
      const full = events.map((e) => [e.type, e.actorId, e.data]);
      for (const user of ['officer-talent', 'supervisor-hrss', 'admin']) {
        const c = await read(user, id);
        expect(c.timeline.map((e) => [e.type, e.actorId, e.data])).toEqual(full);
        expect(c.decisionReason).toBe(OVERRIDE);
      }
      const listed = await api.http.get('/cases?measureCode=m15').set(as('officer-hrss'));
      expect((listed.body.items as { id: string; timeline: Timeline[] }[]).find((x) => x.id === id)?.timeline).toHaveLength(events.length);
    });
  });
});
