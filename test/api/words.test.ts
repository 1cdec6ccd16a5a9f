import { loadPackFiles } from '../../seeds/seed';
import { allVersions, type PolicyPack } from '../../src/domain';
import { CASE_STATUSES } from '../../src/domain/case/records';
import { startApiApp, type ApiApp } from '../support/api-app';
import { applicant, assessed, liveTask, officer } from '../support/case-states';
import { m10Submission } from '../support/fixtures';

interface Words {
  zh: string;
  en: string;
}
const CJK = /[\u4e00-\u9fff]/;

/**
 * Every code a page can show, walked through the API's own answers: each must come with Chinese and
 * English words, never the code itself. Codes are collected from the seeded packs and the domain's
 * lists, so a code added without words fails here.
 */
describe('every code a page shows has words in both languages', () => {
  let api: ApiApp;
  const packs: PolicyPack[] = loadPackFiles();
  const missing: string[] = [];
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });

  /**
   * Records a code whose words are absent, blank or untranslated. (An English word may equal its code:
   * a form option "other" is called other; a Chinese one never can.)
   */
  function expectWords(where: string, code: string, w: Words | null | undefined): void {
    if (!w || !CJK.test(w.zh) || w.en.trim() === '' || CJK.test(w.en)) missing.push(`${where}: ${code} → ${JSON.stringify(w)}`);
  }
  beforeEach(() => {
    missing.length = 0;
  });

  beforeAll(async () => {
    api = await startApiApp({}, packs);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('names every status, decision, stage, notice kind and audit action in GET /catalog/words', async () => {
    const res = await api.http.get('/catalog/words');
    expect(res.status).toBe(200);
    const words = res.body as Record<string, ({ code: string } & Words)[]>;
    const byCode = (list: string, code: string) => words[list]!.find((w) => w.code === code);
    for (const s of CASE_STATUSES) expectWords('case status', s, byCode('caseStatuses', s));
    for (const s of ['open', 'claimed', 'completed', 'cancelled']) expectWords('task status', s, byCode('taskStatuses', s));
    for (const d of ['approve', 'reject', 'return']) expectWords('decision', d, byCode('decisions', d));
    for (const o of ['issued', 'paid', 'cancelled']) expectWords('order status', o, byCode('orderStatuses', o));
    for (const st of ['review', 'intake', 'co-review', 'final']) expectWords('stage', st, byCode('stages', st));
    for (const list of ['noticeKinds', 'auditActions', 'eventTypes', 'roles', 'incidentKinds', 'replayJobStatuses', 'replayOutcomes', 'workflowTypes']) {
      expect(words[list]!.length).toBeGreaterThan(0);
      for (const w of words[list]!) expectWords(list, w.code, w);
    }
    expect(missing).toEqual([]);
  });

  it.each(loadPackFiles().map((p) => [p.id]))('names every bureau, district, treasury, measure, sub-type, stage and form option of %s', async (packId) => {
    const pack = packs.find((p) => p.id === packId)!;
    const summary = (await api.http.get(`/catalog/packs/${packId}`)).body as {
      bureaus: { code: string; name: Words }[];
      districts: { code: string; name: Words }[];
      treasuries: { funder: string; name: Words }[];
    };
    for (const b of pack.bureaus) expectWords('bureau', b.code, summary.bureaus.find((x) => x.code === b.code)?.name);
    expect(pack.districts.length).toBeGreaterThan(0);
    for (const d of pack.districts) {
      expectWords('district', d.code, summary.districts.find((x) => x.code === d.code)?.name);
      expectWords('treasury', d.bureau, summary.treasuries.find((x) => x.funder === d.bureau)?.name);
    }
    expectWords('treasury', 'city', summary.treasuries.find((x) => x.funder === 'city')?.name);

    for (const rules of allVersions(pack)) {
      const res = await api.http.get(`/catalog/packs/${packId}/measures?version=${rules.version}`);
      expect(res.status).toBe(200);
      const measures = res.body.items as {
        code: string;
        title: Words;
        bureaus: { code: string; name: Words }[];
        subtypes: { code: string; title: Words; formPath: string; reviewStages: { code: string; title: Words; bureaus: { code: string; name: Words }[] }[] }[];
      }[];
      expect(measures.map((m) => m.code)).toEqual(rules.measures.map((m) => m.code));
      for (const m of measures) {
        expectWords('measure', m.code, m.title);
        for (const b of m.bureaus) expectWords('bureau', b.code, b.name);
        for (const s of m.subtypes) {
          expectWords('sub-type', s.code, s.title);
          for (const st of s.reviewStages) {
            expectWords(`stage of ${s.code}`, st.code, st.title);
            for (const b of st.bureaus) expectWords('bureau', b.code, b.name);
          }
          const form = (await api.http.get(s.formPath)).body as {
            properties: Record<string, { enum?: string[]; 'x-options'?: { value: string; label: Words }[] }>;
          };
          for (const [field, p] of Object.entries(form.properties)) {
            for (const value of p.enum ?? []) expectWords(`${s.code}.${field}`, value, p['x-options']?.find((o) => o.value === value)?.label);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers a case and its task with words beside every code: status, measure, bureau, stage, decision, treasury', async () => {
    const rules = allVersions(packs.find((p) => p.id === 'shenzhen-ai-pioneer-2024')!)[0]!;
    const { measureCode, subtypeCode, form } = m10Submission() as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
    const receivedAt = '2025-06-02T01:00:00.000Z';
    const id = await api.insertCase({
      measureCode,
      subtypeCode,
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: form as object,
      submittedAt: new Date(receivedAt),
    });
    const profile = { organisationId: 'org-lingxi', kind: 'enterprise' as const, isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' };
    const s = await api.project(id, [
      { at: receivedAt, cmd: assessed(rules, { measureCode, subtypeCode, form, applicant: profile, receivedAt }) },
      { at: '2025-06-03T01:00:00.000Z', cmd: (st) => ({ type: 'claim', taskId: liveTask(st, 'miit'), actor: officer('officer-miit', 'miit') }) },
      {
        at: '2025-06-03T02:00:00.000Z',
        cmd: (st) => ({ type: 'decide', taskId: liveTask(st, 'miit'), actor: officer('officer-miit', 'miit'), decision: { kind: 'approve' } }),
      },
    ]);
    expect(s.status).toBe('in_review');

    const c = (await api.http.get(`/cases/${id}`).set(as('admin'))).body as Record<string, unknown> & {
      status: string;
      statusLabel: Words;
      measureCodeLabel: Words;
      subtypeCodeLabel: Words;
      routing: { lead: string; leadLabel: Words; district: string; districtLabel: Words };
      coFunding: { districtBureau: string; districtBureauLabel: Words };
      tasks: {
        bureauCode: string;
        bureauCodeLabel: Words;
        stage: string;
        stageLabel: Words;
        status: string;
        statusLabel: Words;
        decision: string | null;
        decisionLabel: Words | null;
      }[];
      timeline: { type: string; typeLabel: Words }[];
    };
    expectWords('case status', c.status, c.statusLabel);
    expectWords('measure', measureCode, c.measureCodeLabel);
    expectWords('sub-type', subtypeCode, c.subtypeCodeLabel);
    expectWords('bureau', c.routing.lead, c.routing.leadLabel);
    expectWords('bureau', c.routing.district, c.routing.districtLabel);
    expectWords('bureau', c.coFunding.districtBureau, c.coFunding.districtBureauLabel);
    expect(c.tasks.length).toBeGreaterThan(1);
    for (const t of c.tasks) {
      expectWords('bureau', t.bureauCode, t.bureauCodeLabel);
      expectWords('stage', t.stage, t.stageLabel);
      expectWords('task status', t.status, t.statusLabel);
      if (t.decision !== null) expectWords('decision', t.decision, t.decisionLabel);
    }
    for (const e of c.timeline) expectWords('event', e.type, e.typeLabel);

    const district = liveTask(s, 'district:nanshan');
    const task = (await api.http.get(`/tasks/${district}`).set(as('officer-district-nanshan'))).body as {
      task: {
        measureCode: string;
        measureCodeLabel: Words;
        bureauCode: string;
        bureauCodeLabel: Words;
        stage: string;
        stageLabel: Words;
        status: string;
        statusLabel: Words;
      };
      application: { status: string; statusLabel: Words };
      opinions: {
        bureauCode: string;
        bureauCodeLabel: Words;
        stage: string;
        stageLabel: Words;
        decision: string;
        decisionLabel: Words;
        completedById: string;
        completedByName: string;
      }[];
    };
    expectWords('measure', task.task.measureCode, task.task.measureCodeLabel);
    expectWords('bureau', task.task.bureauCode, task.task.bureauCodeLabel);
    expectWords('stage', task.task.stage, task.task.stageLabel);
    expectWords('task status', task.task.status, task.task.statusLabel);
    expectWords('case status', task.application.status, task.application.statusLabel);
    expect(task.opinions).toHaveLength(1);
    // Who decided, by name beside the id (the seed names staff after their bureau).
    expect(task.opinions[0]).toMatchObject({ completedById: 'officer-miit', completedByName: expect.stringMatching(/审核员$/) });
    for (const o of task.opinions) {
      expectWords('bureau', o.bureauCode, o.bureauCodeLabel);
      expectWords('stage', o.stage, o.stageLabel);
      expectWords('decision', o.decision, o.decisionLabel);
    }
    const inbox = (await api.http.get('/tasks').set(as('officer-district-nanshan'))).body as {
      items: { stage: string; stageLabel: Words; subtypeCode: string; subtypeCodeLabel: Words }[];
    };
    expect(inbox.items).toHaveLength(1);
    for (const t of inbox.items) {
      expectWords('stage', t.stage, t.stageLabel);
      expectWords('sub-type', t.subtypeCode, t.subtypeCodeLabel);
    }
    // The applicant's own view says in words what it may do, as the case's rules answer it.
    const mine = (await api.http.get(`/cases/${id}`).set(as('applicant-lingxi'))).body as {
      progress: { allowedActions: { action: string }[]; unavailableActions: ({ action: string } & Words)[] };
    };
    expect(mine.progress.allowedActions.map((a) => a.action)).toEqual(['withdraw']);
    expect(mine.progress.unavailableActions).toEqual([{ action: 'answer', zh: '本案没有待补正的材料', en: 'no information was requested for this case' }]);
    void applicant;
    expect(missing).toEqual([]);
  });

  it('gives a refused case’s reason in both languages', async () => {
    const rules = allVersions(packs.find((p) => p.id === 'shenzhen-ai-pioneer-2024')!)[0]!;
    const { measureCode, subtypeCode, form } = m10Submission({}) as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
    const unqualified = { ...form, centreQualified: false };
    const receivedAt = '2025-06-02T01:00:00.000Z';
    const id = await api.insertCase({
      measureCode,
      subtypeCode,
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: unqualified,
      submittedAt: new Date(receivedAt),
    });
    const profile = { organisationId: 'org-lingxi', kind: 'enterprise' as const, isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' };
    const s = await api.project(id, [
      { at: receivedAt, cmd: assessed(rules, { measureCode, subtypeCode, form: unqualified, applicant: profile, receivedAt }) },
    ]);
    expect(s.status).toBe('refused');

    const mine = (await api.http.get(`/cases/${id}`).set(as('applicant-lingxi'))).body as {
      decisionReasonWords: Words;
      decisionReasonWritten: boolean;
    };
    expect(mine.decisionReasonWords).toEqual({ zh: '服务须由符合条件的创新中心提供', en: 'The service must come from a qualifying innovation centre' });
    expect(mine.decisionReasonWritten).toBe(false);
  });
});
