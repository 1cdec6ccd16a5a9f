import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CaseActivitiesImpl } from '../../src/cases/case.activities';
import { CASE_EVENT_VERSION } from '../../src/domain/case/events';
import type { CaseChange } from '../../src/domain/case/records';
import { caseWorkflowId, withdrawUpdate } from '../../workflows/case.messages';
import { m2Submission } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';

interface CaseBody {
  id: string;
  status: string;
  tasks: { id: string; status: string }[];
  timeline: { type: string; data: unknown }[];
}

/**
 * The wedge: a NUL in a withdrawal reason passed validation, was applied by the workflow, and
 * then failed the projection write for ever. On real PostgreSQL and a real Temporal dev server.
 */
describe('no case can wedge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const readCase = async (user: string, id: string): Promise<CaseBody> => (await h.http.get(`/cases/${id}`).set(h.auth(user))).body as CaseBody;
  const applicant = {
    userId: 'applicant-lingxi',
    role: 'applicant' as const,
    organisationId: 'org-lingxi',
    bureauCode: null,
    jurisdictionId: 'shenzhen',
    conflictOrganisationIds: [],
  };

  it('refuses a NUL withdrawal with a 400, the workflow refuses it before history too, and the case goes on', async () => {
    const submit = await h.http.post('/cases').set(h.auth('applicant-lingxi')).send(m2Submission());
    expect(submit.status).toBe(201);
    const id = (submit.body as CaseBody).id;
    await eventually(async () => (await readCase('applicant-lingxi', id)).tasks.find((t) => t.status === 'open'), 20_000, 'the review task');

    const res = await h.http.post(`/cases/${id}/withdraw`).set(h.auth('applicant-lingxi')).send({ reason: 'changed our mind\u0000' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'reason', message: expect.stringContaining('NUL') });

    // Straight to the workflow, past the API: its validator refuses, so nothing reaches the history.
    const handle = h.env.client.workflow.getHandle(caseWorkflowId(id));
    const err: unknown = await handle.executeUpdate(withdrawUpdate, { args: [{ actor: applicant, reason: 'bye\u0000' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'Invalid', message: 'reason must not contain the NUL character (U+0000)' });
    const history = await handle.fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

    // The case goes on: a real withdrawal is accepted and recorded.
    const ok = await h.http.post(`/cases/${id}/withdraw`).set(h.auth('applicant-lingxi')).send({ reason: 'changed our mind' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ caseStatus: 'withdrawn' });
    const after = await eventually(async () => {
      const c = await readCase('applicant-lingxi', id);
      return c.status === 'withdrawn' ? c : undefined;
    });
    expect(after.timeline.find((e) => e.type === 'case.withdrawn')?.data).toEqual({ reason: 'changed our mind' });
  });

  it('fails a projection write PostgreSQL can never take at once (non-retryable) and lists it as an incident for admins', async () => {
    const submit = await h.http.post('/cases').set(h.auth('applicant-lingxi')).send(m2Submission());
    const id = (submit.body as CaseBody).id;
    const change: CaseChange = {
      caseId: id,
      tasks: [],
      events: [
        {
          eventKey: 'withdrawn',
          type: 'case.withdrawn',
          v: CASE_EVENT_VERSION,
          actorId: 'applicant-lingxi',
          at: new Date().toISOString(),
          data: { reason: 'x\u0000' },
        },
      ],
    };
    const activities = h.workerContext.get(CaseActivitiesImpl);
    const env = new MockActivityEnvironment({
      activityType: 'projectCase',
      attempt: 1,
      workflowType: 'caseWorkflow',
      workflowExecution: { workflowId: `case:${id}`, runId: '00000000-0000-4000-8000-000000000001' },
    });
    const err: unknown = await env.run(() => activities.projectCase(change)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ nonRetryable: true, type: 'PermanentDatabaseError', message: expect.stringContaining('SQLSTATE 22P05') });

    const list = await h.http.get(`/admin/incidents?workflowId=case:${id}`).set(h.auth('admin'));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ workflowId: `case:${id}`, activityType: 'projectCase', attempt: 1, kind: 'PermanentDatabaseError', message: expect.stringContaining('22P05') }],
      temporalError: null,
    });
    // Not there for anyone else: the route answers as one that does not exist.
    expect((await h.http.get('/admin/incidents').set(h.auth('officer-stic'))).status).toBe(404);
  });
});
