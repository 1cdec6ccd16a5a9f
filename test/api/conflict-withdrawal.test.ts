import { randomUUID } from 'node:crypto';
import { startApiApp, type ApiApp } from '../support/api-app';

/** Officers withdraw a declared conflict of interest: it stays on record, and binds no longer. */
describe('withdrawing a declared conflict of interest', () => {
  let api: ApiApp;
  let taskId = '';
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  /** The conflicts the claim handed to the workflow, whose validator refuses a conflicted officer. */
  const conflictsSentWithClaim = async (): Promise<string[]> => {
    expect((await api.http.post(`/tasks/${taskId}/claim`).set(as('officer-stic'))).status).toBe(200);
    const last = api.temporal.updates.at(-1)!.args[0] as { actor: { conflictOrganisationIds: string[] } };
    return last.actor.conflictOrganisationIds;
  };

  beforeAll(async () => {
    api = await startApiApp();
    const caseId = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-szu',
      submittedById: 'applicant-szu',
      form: {},
      status: 'in_review',
    });
    taskId = randomUUID();
    await api.prisma.reviewTask.create({ data: { id: taskId, caseId: caseId, bureauCode: 'stic', stage: 'review', createdAt: new Date() } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('keeps the withdrawn declaration with when and why, and stops handing it to the workflow', async () => {
    const declared = await api.http.post('/me/conflicts').set(as('officer-stic')).send({ organisationId: 'org-szu', reason: 'I teach there' });
    expect(declared.status).toBe(201);
    expect(await conflictsSentWithClaim()).toEqual(['org-szu']);

    const blank = await api.http.post(`/me/conflicts/${declared.body.id}/withdraw`).set(as('officer-stic')).send({ reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe('reason');

    const withdrawn = await api.http.post(`/me/conflicts/${declared.body.id}/withdraw`).set(as('officer-stic')).send({ reason: 'I stopped teaching in 2025' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      id: declared.body.id,
      reason: 'I teach there',
      withdrawalReason: 'I stopped teaching in 2025',
      withdrawnAt: expect.any(String),
    });
    expect((await api.http.get('/me/conflicts').set(as('officer-stic'))).body).toEqual([withdrawn.body]);
    expect(await conflictsSentWithClaim()).toEqual([]);

    const again = await api.http.post(`/me/conflicts/${declared.body.id}/withdraw`).set(as('officer-stic')).send({ reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ field: 'conflictId', zh: expect.stringContaining('已撤回') });
  });

  it('answers another officer exactly as for a declaration that does not exist', async () => {
    const [mine] = (await api.http.get('/me/conflicts').set(as('officer-stic'))).body as { id: string }[];
    const theirs = await api.http.post(`/me/conflicts/${mine!.id}/withdraw`).set(as('officer2-stic')).send({ reason: 'not mine' });
    const random = randomUUID();
    const none = await api.http.post(`/me/conflicts/${random}/withdraw`).set(as('officer2-stic')).send({ reason: 'not mine' });
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body).replaceAll(mine!.id, '<id>')).toBe(JSON.stringify(none.body).replaceAll(random, '<id>'));
  });

  it('lets the officer declare it again, and the audit trail keeps every step', async () => {
    const redeclared = await api.http.post('/me/conflicts').set(as('officer-stic')).send({ organisationId: 'org-szu', reason: 'I teach there again' });
    expect(redeclared.status).toBe(201);
    expect(redeclared.body).toMatchObject({ reason: 'I teach there again', withdrawnAt: null, withdrawalReason: null });
    expect(await conflictsSentWithClaim()).toEqual(['org-szu']);
    const audit = await api.http.get(`/admin/audit?subjectType=conflict&subjectId=${redeclared.body.id}`).set(as('admin'));
    expect((audit.body.items as { action: string; actorId: string }[]).map((e) => [e.action, e.actorId])).toEqual([
      ['conflict.declared', 'officer-stic'],
      ['conflict.withdrawn', 'officer-stic'],
      ['conflict.declared', 'officer-stic'],
    ]);
    expect(audit.body.items[0].payload.before).toMatchObject({ reason: 'I teach there', withdrawalReason: 'I stopped teaching in 2025' });
  });
});
