import { loadPackFiles } from '../../seeds/seed';
import { packVersion, type Assessment } from '../../src/domain';
import type { CaseCommand, CaseState, Decision } from '../../src/domain/case/machine';
import { startApiApp, type ApiApp } from '../support/api-app';
import { applicant, assessed, liveTask, officer } from '../support/case-states';
import { m10Submission, m15Submission, m2Submission, SHENZHEN } from '../support/fixtures';

const RECEIVED = '2025-06-02T09:00:00+08:00';
const NANSHAN = { zh: '南山区人民政府', en: 'Nanshan District Government' };
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
  text: { zh: string; en: string } | null;
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

  /** A case received with its form and brought forward by the real case machine and projection (../support/case-states). */
  async function caseOf(
    submission: Record<string, unknown>,
    org: { id: string; user: string; district: string | null },
    then: (s: CaseState) => Parameters<ApiApp['project']>[1] = () => [],
  ): Promise<{ id: string; assessment: Assessment; state: CaseState }> {
    const { measureCode, subtypeCode, form } = submission as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
    const applicant = { organisationId: org.id, kind: 'enterprise' as const, isStartup: true, district: org.district, registeredOn: '2024-03-01' };
    const id = await api.insertCase({
      measureCode,
      subtypeCode,
      organisationId: org.id,
      submittedById: org.user,
      form: form as object,
      submittedAt: new Date(RECEIVED),
    });
    const first = await api.project(id, [
      { at: at(0).toISOString(), cmd: assessed(rules, { measureCode, subtypeCode, form, applicant, receivedAt: RECEIVED }) },
    ]);
    const state = await api.project(id, then(first));
    return { id, assessment: state.assessment!, state };
  }
  /** Claim and decide a bureau's live task, a minute apart. */
  const decide = (bureau: string, user: string, minute: number, decision: Decision, role: 'officer' | 'supervisor' = 'officer') => [
    { at: at(minute).toISOString(), cmd: (s: CaseState): CaseCommand => ({ type: 'claim', taskId: liveTask(s, bureau), actor: officer(user, bureau, role) }) },
    {
      at: at(minute + 1).toISOString(),
      cmd: (s: CaseState): CaseCommand => ({ type: 'decide', taskId: liveTask(s, bureau), actor: officer(user, bureau, role), decision }),
    },
  ];
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
      expect(c.coFunding).toEqual({
        districtBureau: 'district:nanshan',
        districtBureauLabel: NANSHAN,
        cityFen: '15000000',
        districtFen: '15000000',
        districtShareBp: 5000,
      });
      expect((await read('admin', id)).coFunding).toEqual(c.coFunding);
    });

    it('re-splits the approved amount when the officer approved less, the odd fen going to the city', async () => {
      const { id } = await caseOf(m10Submission({ serviceContractNumber: 'DAIC-2025-018' }), LINGXI, () => [
        ...decide('miit', 'officer-miit', 1, { kind: 'approve' }),
        ...decide('district:nanshan', 'officer-district-nanshan', 3, { kind: 'approve' }),
        ...decide('miit', 'officer-miit', 5, { kind: 'approve', amountFen: '29999999', comment: 'one invoice is outside the contract period' }),
      ]);
      const c = await read('applicant-lingxi', id);
      expect(c).toMatchObject({ status: 'approved', computedAwardFen: '30000000', approvedAwardFen: '29999999' });
      expect(c.coFunding).toEqual({
        districtBureau: 'district:nanshan',
        districtBureauLabel: NANSHAN,
        cityFen: '15000000',
        districtFen: '14999999',
        districtShareBp: 5000,
      });
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
    let final: CaseState;
    const DAY = 24 * 60;
    const OVERRIDE = 'degree verified with the embassy after hrss reviewed';

    beforeAll(async () => {
      // talent's intake (claimed, reassigned, decided); stic, hrss and miit review jointly; hrss is reminded and
      // escalated, asks for the degree, gets it and disagrees; talent approves over it with an internal reason.
      ({ id, state: final } = await caseOf(m15Submission(), LINGXI, () => [
        { at: at(1).toISOString(), cmd: (s) => ({ type: 'claim', taskId: liveTask(s, 'talent'), actor: officer('officer-talent', 'talent') }) },
        {
          at: at(2).toISOString(),
          cmd: (s) => ({
            type: 'reassign',
            taskId: liveTask(s, 'talent'),
            actor: officer('supervisor-talent', 'talent', 'supervisor'),
            to: officer('officer2-talent', 'talent'),
          }),
        },
        {
          at: at(3).toISOString(),
          cmd: (s) => ({
            type: 'decide',
            taskId: liveTask(s, 'talent'),
            actor: officer('officer2-talent', 'talent'),
            decision: { kind: 'approve', comment: 'complete and in scope' },
          }),
        },
        ...decide('stic', 'officer-stic', 4, { kind: 'approve' }),
        ...decide('miit', 'officer-miit', 6, { kind: 'approve' }),
        { at: at(8).toISOString(), cmd: (s) => ({ type: 'claim', taskId: liveTask(s, 'hrss'), actor: officer('officer-hrss', 'hrss') }) },
        { at: at(16 * DAY).toISOString(), cmd: { type: 'timerFired' } },
        {
          at: at(16 * DAY + 1).toISOString(),
          cmd: (s) => ({
            type: 'decide',
            taskId: liveTask(s, 'hrss'),
            actor: officer('officer-hrss', 'hrss'),
            decision: { kind: 'return', questions: ['Send the degree certificate'], comment: 'the scan looks edited' },
          }),
        },
        {
          at: at(17 * DAY).toISOString(),
          cmd: { type: 'answerInformation', actor: applicant('applicant-lingxi', 'org-lingxi'), answers: 'Certificate attached.', documentIds: ['doc-cert'] },
        },
        {
          at: at(17 * DAY + 1).toISOString(),
          cmd: (s) => ({
            type: 'decide',
            taskId: liveTask(s, 'hrss'),
            actor: officer('officer-hrss', 'hrss'),
            decision: { kind: 'reject', reason: 'the degree is not verified' },
          }),
        },
        ...decide('talent', 'officer-talent', 17 * DAY + 2, { kind: 'approve', overrideReason: OVERRIDE }),
      ]));
      expect(final.status).toBe('approved');
    });

    it('tells the applicant which bureau did what at which stage, and what was asked of them', async () => {
      const c = await read('applicant-lingxi', id);
      const shown = c.timeline.map((e) => [e.type, e.text?.en ?? null]);
      expect(shown).toEqual(EXPECTED_APPLICANT_TIMELINE);
      expect(c).toMatchObject({ status: 'approved', approvedAwardFen: '50000000', decisionReason: null });
      expect(c.informationRounds).toEqual([
        expect.objectContaining({
          bureauCode: 'hrss',
          bureauCodeLabel: expect.objectContaining({ zh: '市人力资源保障局' }),
          questions: ['Send the degree certificate'],
        }),
      ]);
    });

    it('never shows the applicant an officer, an internal comment or an override reason, in the case or the list', async () => {
      // The one case's view also lists its form's files by name, which a list leaves out.
      const { documents: _documents, ...shown } = await read('applicant-lingxi', id);
      const one = JSON.stringify(shown);
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
      const stored = await api.prisma.caseEventRow.count({ where: { caseId: id } });
      for (const user of ['officer-talent', 'supervisor-hrss', 'admin']) {
        const c = await read(user, id);
        expect(c.timeline).toHaveLength(stored);
        expect(c.timeline.map((e) => e.type)).toEqual(
          expect.arrayContaining(['task.claimed', 'task.reassigned', 'task.reminder', 'task.escalated', 'clock.resumed']),
        );
        expect(c.decisionReason).toBe(OVERRIDE);
      }
      const listed = await api.http.get('/cases?measureCode=m15').set(as('officer-hrss'));
      expect((listed.body.items as { id: string; timeline: Timeline[] }[]).find((x) => x.id === id)?.timeline).toHaveLength(stored);
    });

    it('is read from the state row the projection wrote, not rebuilt from the timeline or the task rows', async () => {
      const row = await api.prisma.case.findUniqueOrThrow({ where: { id }, select: { state: true, stateVersion: true } });
      expect(row).toEqual({ state: JSON.parse(JSON.stringify(final)), stateVersion: 1 });
      const before = await read('admin', id);
      // Without its events and task rows the case reads the same, but for the timeline (a listing of the events).
      await api.prisma.caseEventRow.deleteMany({ where: { caseId: id } });
      await api.prisma.reviewTask.deleteMany({ where: { caseId: id } });
      const after = await read('admin', id);
      expect({ ...after, timeline: [] }).toEqual({ ...before, timeline: [] });
      expect(after.timeline).toEqual([]);
      expect(before.tasks).toHaveLength(final.tasks.length);
    });
  });

  it('shows the officer each question beside the answer and the file sent with it, which the bureau may open', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const uploaded = await api.http
      .post('/documents')
      .set(as('applicant-lingxi'))
      .set('Content-Type', 'application/pdf')
      .query({ name: '学位证书.pdf' })
      .send(pdf);
    expect(uploaded.status).toBe(201);
    const docId = (uploaded.body as { id: string }).id;
    const { id } = await caseOf(m2Submission(), LINGXI, () => [
      ...decide('stic', 'officer-stic', 10, { kind: 'return', questions: ['请提供学位证书'] }),
      {
        at: at(30).toISOString(),
        cmd: { type: 'answerInformation', actor: applicant('applicant-lingxi', 'org-lingxi'), answers: '已附学位证书。', documentIds: [docId] },
      },
    ]);
    const tasks = await api.http.get(`/tasks?status=claimed`).set(as('officer-stic'));
    const resumed = (tasks.body as { items: { id: string; caseId: string }[] }).items.find((t) => t.caseId === id)!;
    const detail = await api.http.get(`/tasks/${resumed.id}`).set(as('officer-stic'));
    expect(detail.status).toBe(200);
    expect(detail.body.informationRounds).toEqual([
      expect.objectContaining({
        bureauCode: 'stic',
        questions: ['请提供学位证书'],
        answers: '已附学位证书。',
        answeredAt: at(30).toISOString(),
        documents: [{ id: docId, name: '学位证书.pdf' }],
      }),
    ]);
    // The bureau reviewing the case opens the file; a bureau with no task on it does not see it exists.
    expect((await api.http.get(`/documents/${docId}`).set(as('officer-stic'))).status).toBe(200);
    expect((await api.http.get(`/documents/${docId}`).set(as('officer-hrss'))).status).toBe(404);
  });
});

/** What the applicant reads of the measure-15 review above: which bureau did what at which stage, in words. */
const EXPECTED_APPLICANT_TIMELINE: [string, string | null][] = [
  ['task.opened', 'Municipal Talent Work Bureau started: Intake review, due by 2025-06-17'],
  ['task.decided', 'Municipal Talent Work Bureau (Intake review): agreed'],
  ['task.opened', 'Municipal Science, Technology and Innovation Bureau started: Joint review, due by 2025-06-17'],
  ['task.opened', 'Municipal Human Resources and Social Security Bureau started: Joint review, due by 2025-06-17'],
  ['task.opened', 'Municipal Bureau of Industry and Information Technology started: Joint review, due by 2025-06-17'],
  ['task.decided', 'Municipal Science, Technology and Innovation Bureau (Joint review): agreed'],
  ['task.decided', 'Municipal Bureau of Industry and Information Technology (Joint review): agreed'],
  ['task.decided', 'Municipal Human Resources and Social Security Bureau (Joint review): returned for information'],
  ['notice.information_requested', 'Municipal Human Resources and Social Security Bureau asked for more information; answer by 2025-07-18'],
  ['case.information_received', 'Your answer was received; the review resumed'],
  // The resumed review keeps the time it had left: its due date moved by the day the applicant had the case.
  ['task.opened', 'Municipal Human Resources and Social Security Bureau started: Joint review, due by 2025-06-18'],
  ['task.decided', 'Municipal Human Resources and Social Security Bureau (Joint review): disagreed'],
  ['task.opened', 'Municipal Talent Work Bureau started: Final decision, due by 2025-07-04'],
  ['task.decided', 'Municipal Talent Work Bureau (Final decision): agreed'],
  ['case.approved', 'Approved: an award of CNY 500,000.00'],
];
