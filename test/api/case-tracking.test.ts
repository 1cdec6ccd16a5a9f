import { loadPackFiles } from '../../seeds/seed';
import { packVersion } from '../../src/domain';
import type { CaseCommand, CaseState, Decision } from '../../src/domain/case/machine';
import { startApiApp, type ApiApp } from '../support/api-app';
import { assessed, liveTask, officer } from '../support/case-states';
import { m10Submission, m2Submission, SHENZHEN } from '../support/fixtures';

interface Progress {
  summary: { zh: string; en: string };
  pending: { on: string; bureauCode: string | null; name: { zh: string; en: string }; what: { zh: string; en: string }; since: string; until: string | null }[];
  allowedActions: { action: string; method: string; path: string; until: string | null; zh: string; en: string }[];
  unavailableActions: { action: string; zh: string; en: string }[];
}
interface CaseBody {
  id: string;
  reference: string;
  status: string;
  statusLabel: { zh: string; en: string };
  measureCode: string;
  budgetYear: number | null;
  progress: Progress;
  timeline: { at: string; type: string; text?: { zh: string; en: string } | null }[];
}

/**
 * An applicant following its cases: the list from the projection with its filters, sort and pages,
 * and a case detail a person can read alone. Cases are brought where they are by the real case machine
 * and projection (../support/case-states).
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
    const rules = packVersion(
      loadPackFiles().find((p) => p.id === SHENZHEN)!,
      1,
    );
    const profile = { organisationId: 'org-lingxi', kind: 'enterprise' as const, isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' };
    const stic = officer('officer-stic', 'stic');
    /** A case received at `received` and assessed then, brought on by the machine as its workflow would. */
    async function received(
      submission: Record<string, unknown>,
      at: string,
      budgetYear: number,
      org = { id: 'org-lingxi', user: 'applicant-lingxi' },
    ): Promise<string> {
      const { measureCode, subtypeCode, form } = submission as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
      const id = await api.insertCase({
        measureCode,
        subtypeCode,
        organisationId: org.id,
        submittedById: org.user,
        form: form as object,
        submittedAt: new Date(at),
        budgetYear,
      });
      // What the API writes on receipt (the case.submitted event); the machine writes the rest.
      await api.prisma.caseEventRow.create({
        data: { caseId: id, eventKey: 'submitted', type: 'case.submitted', actorId: org.user, data: { packVersion: 1 }, at: new Date(at) },
      });
      return id;
    }
    const assess = (submission: Record<string, unknown>, at: string) => {
      const { measureCode, subtypeCode, form } = submission as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
      return { at, cmd: assessed(rules, { measureCode, subtypeCode, form, applicant: { ...profile }, receivedAt: at }) };
    };
    const claim = (bureau: string, at: string, who = stic) => ({
      at,
      cmd: (st: CaseState): CaseCommand => ({ type: 'claim', taskId: liveTask(st, bureau), actor: who }),
    });
    const decide = (bureau: string, at: string, decision: Decision, who = stic) => ({
      at,
      cmd: (st: CaseState): CaseCommand => ({ type: 'decide', taskId: liveTask(st, bureau), actor: who, decision }),
    });

    ids.review2026 = await received(m2Submission(), '2026-03-01T02:00:00Z', 2026);
    // Assessed on 5 March: stic's review is due 15 days later; an officer holds it.
    await api.project(ids.review2026, [assess(m2Submission(), '2026-03-05T01:00:00.000Z'), claim('stic', '2026-03-05T02:00:00.000Z')]);

    ids.rfi2025 = await received(m2Submission(), '2025-06-01T02:00:00Z', 2025);
    await api.project(ids.rfi2025, [
      assess(m2Submission(), '2025-06-01T02:00:00.000Z'),
      claim('stic', '2025-06-01T03:00:00.000Z'),
      decide('stic', '2025-06-02T01:00:00.000Z', { kind: 'return', questions: ['Send the signed contract'] }),
    ]);

    const miit = officer('officer-miit', 'miit');
    const nanshan = officer('officer-district-nanshan', 'district:nanshan');
    ids.approved2025 = await received(m10Submission(), '2025-02-01T02:00:00Z', 2025);
    await api.project(ids.approved2025, [
      assess(m10Submission(), '2025-02-01T02:00:00.000Z'),
      claim('miit', '2025-02-02T02:00:00.000Z', miit),
      decide('miit', '2025-02-02T03:00:00.000Z', { kind: 'approve' }, miit),
      claim('district:nanshan', '2025-02-03T02:00:00.000Z', nanshan),
      decide('district:nanshan', '2025-02-03T03:00:00.000Z', { kind: 'approve' }, nanshan),
      claim('miit', '2025-04-01T01:00:00.000Z', miit),
      decide('miit', '2025-04-01T02:00:00.000Z', { kind: 'approve' }, miit),
    ]);

    // Received 2024-12-31 23:30 in Shanghai: budget year 2024 though it is already 2025 nowhere near.
    const lastDay = m2Submission({ contractSignedOn: '2024-06-01' });
    ids.lastDay2024 = await received(lastDay, '2024-12-31T15:30:00Z', 2024);
    await api.project(ids.lastDay2024, [
      assess(lastDay, '2024-12-31T15:30:00.000Z'),
      claim('stic', '2025-01-02T02:00:00.000Z'),
      decide('stic', '2025-01-02T03:00:00.000Z', { kind: 'reject', reason: 'out of scope' }),
    ]);
    ids.otherOrg = await received(m2Submission(), '2026-03-02T02:00:00Z', 2026, { id: 'org-pengcheng', user: 'applicant-pengcheng' });
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
      expect((await list('applicant-lingxi', '?sort=-decidedAt&limit=2')).items.map((c) => c.id)).toEqual([ids.approved2025, ids.lastDay2024]);
      expect((await list('applicant-lingxi', '?sort=decidedAt&limit=2')).items.map((c) => c.id)).toEqual([ids.lastDay2024, ids.approved2025]);
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
      expect(c.statusLabel).toEqual({ zh: '审核中', en: 'Under review' });
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
      expect(c.timeline.filter((e) => e.type === 'notice.information_requested').map((e) => e.text?.zh)).toEqual([
        '市科技创新局要求补正材料,请于 2025-07-02 前答复',
      ]);
    });

    it('tells a decided case’s outcome in yuan and why nothing more can be done', async () => {
      const c = await read('applicant-lingxi', ids.approved2025);
      expect(c.statusLabel).toEqual({ zh: '已批准', en: 'Approved' });
      // 50% of the enterprise's 60,000,000-fen share: 300,000 yuan.
      expect(c.progress.summary).toEqual({
        zh: '已于 2025-04-01 批准,核定资助 300,000.00 元。',
        en: 'Approved on 2025-04-01: an award of CNY 300,000.00.',
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
      expect(foreign.body).toMatchObject({ field: 'id', zh: '找不到该申请' });
      expect(api.temporal.updates).toEqual([]);
    });

    it('offers staff no applicant actions', async () => {
      const c = await read('officer-stic', ids.review2026);
      expect(c.progress.allowedActions).toEqual([]);
      expect(c.progress.pending.map((p) => p.bureauCode)).toEqual(['stic']);
    });
  });
});
