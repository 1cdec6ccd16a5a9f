import { eventually, startHarness, type Harness } from '../support/harness';
import { m2Submission } from '../support/fixtures';
import { ReviewClient } from '../support/review';

interface Entry {
  at: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  payload: Record<string, unknown>;
}

/**
 * The human acts of a real case (submit, claim, return for information, answer, approve) recorded by
 * the projection in the transaction of their events, an admin's export beside them, and the admin's
 * case timeline showing what no event tells of.
 */
describe('audit of a case on the real path', () => {
  let h: Harness;
  let r: ReviewClient;
  const trail = async (query: string): Promise<Entry[]> => {
    const res = await h.http.get(`/admin/audit${query}`).set(h.auth('admin'));
    expect(res.status).toBe(200);
    return (res.body as { items: Entry[] }).items;
  };

  beforeAll(async () => {
    h = await startHarness();
    r = new ReviewClient(h.http, h.tokenFor);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records every human act with its actor, in order, once', async () => {
    const id = await r.submit('applicant-lingxi', m2Submission({ contractNumber: 'AUDIT-PATH' }));
    const task = await r.waitForTask('officer-stic', id, 'review');
    await r.claimAndDecide('officer-stic', task.id, { decision: 'return', questions: ['Send the invoice'] });
    await r.waitForStatus('applicant-lingxi', id, 'awaiting_information');
    const answer = await h.http
      .post(`/cases/${id}/information`)
      .set(h.auth('applicant-lingxi'))
      .send({ answers: 'Invoice attached.', documentIds: ['doc-inv'] });
    expect(answer.status).toBe(200);
    const resumed = answer.body.resumedTaskId as string;
    const decided = await r.decide('officer-stic', resumed, { decision: 'approve' });
    expect(decided.status).toBe(200);
    await r.waitForStatus('applicant-lingxi', id, 'approved');

    const entries = await eventually(async () => {
      const e = await trail(`?caseId=${id}`);
      return e.length >= 5 ? e : undefined;
    });
    expect(
      entries
        .slice()
        .reverse()
        .map((e) => [e.actorId, e.action, e.subjectId]),
    ).toEqual([
      ['applicant-lingxi', 'case.submit', id],
      ['officer-stic', 'task.claim', task.id],
      ['officer-stic', 'task.decide', task.id],
      ['applicant-lingxi', 'case.answer', id],
      ['officer-stic', 'task.decide', resumed],
    ]);
    expect(entries.find((e) => e.subjectId === task.id && e.action === 'task.decide')!.payload).toMatchObject({
      decision: 'return',
      questions: ['Send the invoice'],
    });
    expect(entries.find((e) => e.action === 'case.answer')!.payload).toMatchObject({ answers: 'Invoice attached.', documentIds: ['doc-inv'] });
    expect((await trail(`?caseId=${id}&actorId=officer-stic&action=task.decide`)).map((e) => e.subjectId)).toEqual([resumed, task.id]);

    // An admin's export is audited too, and shows in the admin's timeline of the case (not the applicant's).
    const exported = await h.http.get(`/admin/workflows/case:${id}/history`).set(h.auth('admin'));
    expect(exported.status).toBe(200);
    const [exportEntry] = await trail(`?caseId=${id}&action=admin.export`);
    expect(exportEntry).toMatchObject({ actorId: 'admin', subjectType: 'workflow', subjectId: `case:${id}` });
    const adminView = await r.readCase('admin', id);
    expect(adminView.timeline.at(-1)).toMatchObject({ type: 'audit.admin.export', actorId: 'admin' });
    // Each act appears once in the admin's timeline: as its event, not again as an audit entry.
    expect(adminView.timeline.filter((e) => e.type.startsWith('audit.')).map((e) => e.type)).toEqual(['audit.admin.export']);
    expect((await r.readCase('applicant-lingxi', id)).timeline.some((e) => e.type.startsWith('audit.'))).toBe(false);

    const replay = await h.http
      .post('/admin/replays')
      .set(h.auth('admin'))
      .send({ workflowIds: [`case:${id}`] });
    expect(replay.status).toBe(202);
    const [replayEntry] = await trail('?action=admin.replay');
    expect(replayEntry).toMatchObject({
      actorId: 'admin',
      subjectType: 'replay_job',
      subjectId: replay.body.jobId,
      payload: { selection: { kind: 'ids', workflowIds: [`case:${id}`] } },
    });
  });
});
