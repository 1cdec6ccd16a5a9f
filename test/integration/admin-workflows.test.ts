import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { runHistoryExportCli } from '../../src/admin/history-export.cli';
import { WORKFLOWS_PATH } from '../../src/temporal/worker.factory';
import { approveUntilFinal, waitForAssessment } from '../support/approve';
import { m2Submission } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';

interface JsonEvent {
  eventId: string;
  eventType: string;
  workflowExecutionStartedEventAttributes?: { workflowType: { name: string } };
}

/** Collects what a CLI writes; `tty` makes the progress stream look like a terminal. */
function streams(tty = false): { out: string[]; err: string[]; io: { stdout: { write(c: string): boolean }; stderr: { write(c: string): boolean; isTTY: boolean; columns: number } } } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (c) => out.push(c) > 0 },
      stderr: { write: (c) => err.push(c) > 0, isTTY: tty, columns: 120 },
    },
  };
}

describe('admins export any workflow\'s full event history', () => {
  let h: Harness;
  let approvedWorkflowId: string;
  let runningWorkflowId: string;
  const admin = (): { Authorization: string } => h.auth('admin');

  beforeAll(async () => {
    h = await startHarness();
    const submit = async (): Promise<string> => {
      const res = await h.http.post('/applications').set(h.auth('applicant-lingxi')).send(m2Submission());
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    const approvedId = await submit();
    await approveUntilFinal(h, 'admin', approvedId);
    const runningId = await submit();
    await waitForAssessment(h, 'admin', runningId);
    const workflowIdOf = async (id: string): Promise<string> => (await h.prisma.application.findUniqueOrThrow({ where: { id } })).workflowId;
    approvedWorkflowId = await workflowIdOf(approvedId);
    runningWorkflowId = await workflowIdOf(runningId);
    // The projection says approved a moment before the workflow itself completes.
    await eventually(async () => ((await h.env.client.workflow.getHandle(approvedWorkflowId).describe()).status.name === 'COMPLETED' ? true : undefined), 20_000, 'the approved case to complete');
  });
  afterAll(async () => {
    await h?.close();
  });

  const exportJson = async (workflowId: string): Promise<{ events: JsonEvent[] }> => {
    const res = await h.http.get(`/admin/workflows/${encodeURIComponent(workflowId)}/history`).set(admin());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return JSON.parse(res.text) as { events: JsonEvent[] };
  };

  it('exports a finished case as Temporal history JSON that replays on the current code', async () => {
    const json = await exportJson(approvedWorkflowId);
    expect(json.events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(json.events.at(-1)!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    expect(json.events.map((e) => Number(e.eventId))).toEqual(json.events.map((_, i) => i + 1));
    // It is a history a replayer reads: replaying it throws on any mismatch.
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: 'exported' }, historyFromJSON(json), approvedWorkflowId);
  });

  it('answers 404 naming the field for a workflow that does not exist', async () => {
    const res = await h.http.get('/admin/workflows/application:no-such-case/history').set(admin());
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ field: 'workflowId', message: 'no workflow application:no-such-case' });
  });

  it('writes the same history from the CLI, to a file or to stdout', async () => {
    const files = new Map<string, string>();
    const s = streams();
    const code = await runHistoryExportCli([runningWorkflowId, 'case.json'], h.env.client, { ...s.io, writeFile: (p, d) => void files.set(p, d) });
    expect(code).toBe(0);
    const fromCli = JSON.parse(files.get('case.json')!) as { events: JsonEvent[] };
    expect(fromCli.events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(fromCli.events.length).toBeGreaterThan(1);

    const toStdout = streams();
    expect(await runHistoryExportCli([runningWorkflowId], h.env.client, { ...toStdout.io, writeFile: () => undefined })).toBe(0);
    expect((JSON.parse(toStdout.out.join('')) as { events: JsonEvent[] }).events.length).toBeGreaterThan(1);

    const missing = streams();
    expect(await runHistoryExportCli(['application:no-such-case'], h.env.client, { ...missing.io, writeFile: () => undefined })).toBe(1);
    expect(missing.err.join('')).toContain('no workflow application:no-such-case');
    const bad = streams();
    expect(await runHistoryExportCli(['bad\u0000id'], h.env.client, { ...bad.io, writeFile: () => undefined })).toBe(2);
    expect(bad.err.join('')).toContain('workflowId: a workflow id may not contain NUL');
  });

  it('is not there for anyone but an admin', async () => {
    const path = `/admin/workflows/${encodeURIComponent(approvedWorkflowId)}/history`;
    for (const user of ['applicant-lingxi', 'officer-stic', 'supervisor-stic']) {
      const res = await h.http.get(path).set(h.auth(user));
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
    }
  });
});
