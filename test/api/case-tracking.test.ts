import { randomUUID } from 'node:crypto';
import { startApiApp, type ApiApp } from '../support/api-app';

interface Progress {
  status: { code: string; zh: string; en: string };
  summary: { zh: string; en: string };
  pending: { on: string; bureauCode: string | null; name: { zh: string; en: string }; what: { zh: string; en: string }; since: string; until: string | null }[];
  allowedActions: { action: string; method: string; path: string; until: string | null; zh: string; en: string }[];
  unavailableActions: { action: string; zh: string; en: string }[];
}
interface CaseBody {
  id: string;
  reference: string;
  status: string;
  measureCode: string;
  budgetYear: number | null;
  progress: Progress;
  timeline: { at: string; type: string; text?: { zh: string; en: string } | null }[];
}

/**
 * An applicant following its cases: the list from the projection with its filters, sort and pages,
 * and a case detail a person can read alone. Rows are written as the activities would leave them.
 */
describe('applicant tracking', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const list = async (user: string, query: string): Promise<{ items: CaseBody[]; total: number; limit: number; offset: number }> => {
    const res = await api.http.get(`/cases${query}`).set(as(user));
    expect(res.status).toBe(200);
    return res.body as { items: CaseBody[]; total: number; limit: number; offset: number };
  };
  const read = async (user: string, id: string): Promise<CaseBody> => {
    const res = await api.http.get(`/cases/${id}`).set(as(user));
    expect(res.status).toBe(200);
    return res.body as CaseBody;
  };

  const ids = { review2026: '', rfi2025: '', approved2025: '', lastDay2024: '', otherOrg: '' };
  const STIC_DUE = '2026-03-20T01:00:00.000Z';
  const ANSWER_DUE = '2025-07-02T01:00:00.000Z';

  beforeAll(async () => {
    api = await startApiApp();
    const base = { subtypeCode: 'm2', organisationId: 'org-lingxi', submittedById: 'applicant-lingxi', form: {} };
    ids.review2026 = await api.insertCase({ ...base, measureCode: 'm2', status: 'in_review', submittedAt: new Date('2026-03-01T02:00:00Z'), budgetYear: 2026 });
    ids.rfi2025 = await api.insertCase({
      ...base,
      measureCode: 'm2',
      status: 'awaiting_information',
      submittedAt: new Date('2025-06-01T02:00:00Z'),
      budgetYear: 2025,
    });
    ids.approved2025 = await api.insertCase({
      ...base,
      measureCode: 'm10',
      subtypeCode: 'm10',
      status: 'approved',
      approvedAwardFen: 123_456_789n,
      submittedAt: new Date('2025-02-01T02:00:00Z'),
      decidedAt: new Date('2025-04-01T02:00:00Z'),
      budgetYear: 2025,
    });
    // Received 2024-12-31 23:30 in Shanghai: budget year 2024 though it is already 2025 nowhere near.
    ids.lastDay2024 = await api.insertCase({ ...base, measureCode: 'm2', status: 'rejected', submittedAt: new Date('2024-12-31T15:30:00Z'), budgetYear: 2024 });
    ids.otherOrg = await api.insertCase({
      ...base,
      organisationId: 'org-pengcheng',
      submittedById: 'applicant-pengcheng',
      measureCode: 'm2',
      status: 'in_review',
      submittedAt: new Date('2026-03-02T02:00:00Z'),
      budgetYear: 2026,
    });

    const task = randomUUID();
    await api.prisma.reviewTask.create({
      data: {
        id: task,
        caseId: ids.review2026,
        bureauCode: 'stic',
        stage: 'review',
        status: 'claimed',
        assigneeId: 'officer-stic',
        createdAt: new Date('2026-03-05T01:00:00Z'),
        dueAt: new Date(STIC_DUE),
      },
    });
    await api.prisma.caseEventRow.createMany({
      data: [
        {
          caseId: ids.review2026,
          eventKey: 'submitted',
          type: 'case.submitted',
          actorId: 'applicant-lingxi',
          data: { packVersion: 1 },
          at: new Date('2026-03-01T02:00:00Z'),
        },
        {
          caseId: ids.review2026,
          eventKey: 'opened',
          type: 'task.opened',
          actorId: null,
          data: { taskId: task, bureauCode: 'stic', stage: 'review', dueAt: STIC_DUE },
          at: new Date('2026-03-05T01:00:00Z'),
        },
        {
          caseId: ids.rfi2025,
          eventKey: 'rfi',
          type: 'notice.information_requested',
          actorId: 'officer-stic',
          data: { bureauCode: 'stic', questions: ['Send the signed contract'], answerDueAt: ANSWER_DUE, clock: 'paused' },
          at: new Date('2025-06-02T01:00:00Z'),
        },
      ],
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('the list', () => {
    it('holds only the organisation’s own cases, newest first', async () => {
      const all = await list('applicant-lingxi', '');
      expect(all.items.map((c) => c.id)).toEqual([ids.review2026, ids.rfi2025, ids.approved2025, ids.lastDay2024]);
      expect(all.total).toBe(4);
      expect((await list('applicant-pengcheng', '')).items.map((c) => c.id)).toEqual([ids.otherOrg]);
    });

    it('filters by status, measure and the budget year of receipt', async () => {
      expect((await list('applicant-lingxi', '?status=awaiting_information')).items.map((c) => c.id)).toEqual([ids.rfi2025]);
      expect((await list('applicant-lingxi', '?measureCode=m10')).items.map((c) => c.id)).toEqual([ids.approved2025]);
      expect((await list('applicant-lingxi', '?year=2025')).items.map((c) => c.id)).toEqual([ids.rfi2025, ids.approved2025]);
      expect((await list('applicant-lingxi', '?year=2024')).items.map((c) => [c.id, c.budgetYear])).toEqual([[ids.lastDay2024, 2024]]);
      expect((await list('applicant-lingxi', '?year=2025&measureCode=m2')).items.map((c) => c.id)).toEqual([ids.rfi2025]);
    });

    it('sorts and pages, with the total of the whole filter', async () => {
      const oldest = await list('applicant-lingxi', '?sort=submittedAt&limit=2');
      expect(oldest.items.map((c) => c.id)).toEqual([ids.lastDay2024, ids.approved2025]);
      expect(oldest).toMatchObject({ total: 4, limit: 2, offset: 0 });
      const next = await list('applicant-lingxi', '?sort=submittedAt&limit=2&offset=2');
      expect(next.items.map((c) => c.id)).toEqual([ids.rfi2025, ids.review2026]);
      // Latest decision first; undecided cases after every decided one.
      expect((await list('applicant-lingxi', '?sort=-decidedAt&limit=1')).items.map((c) => c.id)).toEqual([ids.approved2025]);
    });

    it('refuses a malformed filter with the field and the reason', async () => {
      for (const [query, field] of [
        ['?year=twenty', 'year'],
        ['?year=1999', 'year'],
        ['?sort=amount', 'sort'],
        ['?status=paid', 'status'],
      ] as const) {
        const res = await api.http.get(`/cases${query}`).set(as('applicant-lingxi'));
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      const res = await api.http.get('/cases?year=twenty').set(as('applicant-lingxi'));
      expect(JSON.stringify(res.body)).toContain('year must be a whole number from 2000 to 2100, written in digits');
    });
  });

  describe('the detail', () => {
    it('says who has the case and until when: a bureau by name, never an officer', async () => {
      const c = await read('applicant-lingxi', ids.review2026);
      expect(c.progress.status).toEqual({ code: 'in_review', zh: '审核中', en: 'Under review' });
      expect(c.progress.pending).toEqual([
        {
          on: 'bureau',
          bureauCode: 'stic',
          name: { zh: '市科技创新局', en: 'Municipal Science, Technology and Innovation Bureau' },
          what: { zh: '审核', en: 'Review' },
          since: '2026-03-05T01:00:00.000Z',
          until: STIC_DUE,
        },
      ]);
      expect(c.progress.summary.zh).toBe('正在由市科技创新局审核,预计于 2026-03-20 前办结。');
      expect(c.progress.summary.en).toBe('Under review by Municipal Science, Technology and Innovation Bureau, due by 2026-03-20.');
      expect(JSON.stringify(c)).not.toContain('officer-stic');
      expect(c.timeline.map((e) => e.text?.en)).toEqual([
        'Application submitted',
        'Municipal Science, Technology and Innovation Bureau started: Review, due by 2026-03-20',
      ]);
      expect(c.progress.allowedActions.map((a) => [a.action, a.path])).toEqual([['withdraw', `/cases/${ids.review2026}/withdraw`]]);
      expect(c.progress.unavailableActions).toEqual([{ action: 'answer', zh: '本案没有待补正的材料', en: 'no information was requested for this case' }]);
    });

    it('asks the applicant to answer by the deadline, as a date in the pack’s zone', async () => {
      const c = await read('applicant-lingxi', ids.rfi2025);
      expect(c.progress.pending).toEqual([
        {
          on: 'applicant',
          bureauCode: null,
          name: { zh: '申请单位(您)', en: 'you, the applicant' },
          what: { zh: '答复市科技创新局的补正要求', en: 'answer the request for information from Municipal Science, Technology and Innovation Bureau' },
          since: '2025-06-02T01:00:00.000Z',
          until: ANSWER_DUE,
        },
      ]);
      expect(c.progress.summary.zh).toContain('请于 2025-07-02 前答复');
      expect(c.progress.allowedActions.map((a) => [a.action, a.until, a.zh])).toEqual([
        ['answer', ANSWER_DUE, '答复补正要求(截止 2025-07-02)'],
        ['withdraw', null, '在作出决定前撤回申请'],
      ]);
      expect(c.timeline.map((e) => e.text?.zh)).toEqual(['市科技创新局要求补充材料,请于 2025-07-02 前答复']);
    });

    it('tells a decided case’s outcome in yuan and why nothing more can be done', async () => {
      const c = await read('applicant-lingxi', ids.approved2025);
      expect(c.progress.status).toEqual({ code: 'approved', zh: '已批准', en: 'Approved' });
      expect(c.progress.summary).toEqual({
        zh: '已于 2025-04-01 批准,核定资助 1,234,567.89 元。',
        en: 'Approved on 2025-04-01: an award of CNY 1,234,567.89.',
      });
      expect(c.progress.pending).toEqual([]);
      expect(c.progress.allowedActions).toEqual([]);
      expect(c.progress.unavailableActions).toEqual([
        { action: 'answer', zh: '本案已结束(已批准)', en: 'the case is already approved' },
        { action: 'withdraw', zh: '本案已结束(已批准)', en: 'the case is already approved' },
      ]);
    });

    it('refuses what the progress says is not open, in both languages, and starts nothing', async () => {
      const withdraw = await api.http.post(`/cases/${ids.approved2025}/withdraw`).set(as('applicant-lingxi')).send({});
      expect(withdraw.status).toBe(409);
      expect(withdraw.body).toMatchObject({ message: 'the case is already approved', zh: '本案已结束(已批准)' });
      const foreign = await api.http.post(`/cases/${ids.otherOrg}/withdraw`).set(as('applicant-lingxi')).send({});
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ field: 'id', zh: `没有申请 ${ids.otherOrg}` });
      expect(api.temporal.updates).toEqual([]);
    });

    it('offers staff no applicant actions', async () => {
      const c = await read('officer-stic', ids.review2026);
      expect(c.progress.allowedActions).toEqual([]);
      expect(c.progress.pending.map((p) => p.bureauCode)).toEqual(['stic']);
    });
  });
});
