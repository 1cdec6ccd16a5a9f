import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { runHistoryExportCli } from '../../src/admin/history-export.cli';
import { runReplayCli } from '../../src/admin/replay.cli';
import { eventTypeName, ReplayEngine, type ReplayReport, type WorkflowReplayResult } from '../../src/admin/replay.engine';
import { workflowSourceOptions } from '../../src/temporal/worker.factory';
import { approveUntilFinal, waitForAssessment } from '../support/approve';
import { m2Submission } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';

/** A copy of the workflow code that starts every workflow with a timer no recorded history has. */
const DIVERGED_WORKFLOWS = require.resolve('../support/workflows/diverged.js');

interface JsonEvent {
  eventId: string;
  eventType: string;
  workflowExecutionStartedEventAttributes?: { workflowType: { name: string } };
}

/** Collects what a CLI writes; `tty` makes the progress stream look like a terminal. */
function streams(tty = false): {
  out: string[];
  err: string[];
  io: { stdout: { write(c: string): boolean }; stderr: { write(c: string): boolean; isTTY: boolean; columns: number } };
} {
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

const byRun = (a: WorkflowReplayResult, b: WorkflowReplayResult): number => `${a.workflowId}/${a.runId}`.localeCompare(`${b.workflowId}/${b.runId}`);

describe('admins export histories and replay them against the current workflow code', () => {
  let h: Harness;
  let approvedWorkflowId: string;
  let runningWorkflowId: string;
  let current: ReplayEngine;
  let diverged: ReplayEngine;
  const admin = (): { Authorization: string } => h.auth('admin');

  beforeAll(async () => {
    h = await startHarness();
    const submit = async (): Promise<string> => {
      const res = await h.http.post('/cases').set(h.auth('applicant-lingxi')).send(m2Submission());
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    const approvedId = await submit();
    await approveUntilFinal(h, 'admin', approvedId);
    const runningId = await submit();
    await waitForAssessment(h, 'admin', runningId);
    const workflowIdOf = async (id: string): Promise<string> => (await h.prisma.case.findUniqueOrThrow({ where: { id } })).workflowId;
    approvedWorkflowId = await workflowIdOf(approvedId);
    runningWorkflowId = await workflowIdOf(runningId);
    // The projection says approved a moment before the workflow itself completes.
    await eventually(
      async () => ((await h.env.client.workflow.getHandle(approvedWorkflowId).describe()).status.name === 'COMPLETED' ? true : undefined),
      20_000,
      'the approved case to complete',
    );
    current = new ReplayEngine(h.env.client, h.taskQueue);
    diverged = new ReplayEngine(h.env.client, h.taskQueue, DIVERGED_WORKFLOWS);
    // Visibility is eventually consistent: wait until it lists both cases and the intake clocks.
    const packs = await h.prisma.policyPack.count();
    await eventually(async () => ((await current.plan({ kind: 'all' })).total >= packs + 2 ? true : undefined), 20_000, 'visibility to list the workflows');
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

  /** Where the diverging copy must part from a history: the first event after the first completed workflow task. */
  const firstCommandEvent = (events: JsonEvent[]): { eventId: number; eventType: string } => {
    const wtc = events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    const e = events[wtc + 1]!;
    return { eventId: Number(e.eventId), eventType: eventTypeName(e.eventType as never) };
  };

  it('exports a finished case as Temporal history JSON that replays on the current code', async () => {
    const json = await exportJson(approvedWorkflowId);
    expect(json.events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(json.events.at(-1)!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    expect(json.events.map((e) => Number(e.eventId))).toEqual(json.events.map((_, i) => i + 1));
    // It is a history a replayer reads: replaying it throws on any mismatch.
    await Worker.runReplayHistory({ ...workflowSourceOptions(), replayName: 'exported' }, historyFromJSON(json), approvedWorkflowId);
  });

  it('answers 404 naming the field for a workflow that does not exist', async () => {
    const res = await h.http.get('/admin/workflows/case:no-such-case/history').set(admin());
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ field: 'workflowId', message: 'no workflow case:no-such-case' });
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
    expect(await runHistoryExportCli(['case:no-such-case'], h.env.client, { ...missing.io, writeFile: () => undefined })).toBe(1);
    expect(missing.err.join('')).toContain('no workflow case:no-such-case');
    const bad = streams();
    expect(await runHistoryExportCli(['bad\u0000id'], h.env.client, { ...bad.io, writeFile: () => undefined })).toBe(2);
    expect(bad.err.join('')).toContain('workflowId: a workflow id must not contain the NUL character');
  });

  it("replays a job's batches through one replay worker, not one per batch, with no promise hook, and leaves no SDK hooks behind", async () => {
    // The thread as the worker's is before its first replay job: earlier tests replayed here directly.
    const { globalHandlers } = await import('@temporalio/worker/lib/workflow/vm-shared');
    globalHandlers.uninstall();
    const engine = new ReplayEngine(h.env.client, h.taskQueue);
    const opened = jest.spyOn(Worker, 'runReplayHistories');
    let hookedWhileOpen = false;
    let promiseHookWhileOpen = false;
    try {
      const plan = await engine.plan({ kind: 'all' });
      const results: WorkflowReplayResult[] = [];
      let batches = 0;
      let cursor: string | null = null;
      do {
        const b: Awaited<ReturnType<ReplayEngine['batch']>> = await engine.batch(plan, cursor, 2);
        results.push(...b.results);
        cursor = b.cursor;
        batches++;
        hookedWhileOpen ||= globalHandlers.installed;
        promiseHookWhileOpen ||= globalHandlers.promiseHookInstalled;
      } while (cursor !== null);
      expect(batches).toBeGreaterThan(1);
      expect(results.map((r) => r.outcome)).toEqual(results.map(() => 'ok'));
      expect(opened).toHaveBeenCalledTimes(1);
    } finally {
      opened.mockRestore();
      await engine.close();
    }
    // The stack formatting the replay worker installed in this thread was there while it replayed, its
    // promise hook (stacks for a query no replay answers) stopped at once, and both are gone with it.
    expect({ hookedWhileOpen, promiseHookWhileOpen, installed: globalHandlers.installed }).toEqual({
      hookedWhileOpen: true,
      promiseHookWhileOpen: false,
      installed: false,
    });
  });

  it('replays every workflow of the service, finished and running: all ok', async () => {
    const plan = await current.plan({ kind: 'all' });
    const report = await current.run(plan);
    const packs = await h.prisma.policyPack.count();
    // Both cases and one intake clock per pack, and whatever else the service runs on its task queue.
    expect(report.total).toBe(plan.total);
    expect(report.total).toBeGreaterThanOrEqual(packs + 2);
    expect(report).toMatchObject({ ok: report.total, diverged: 0, failed: 0 });
    expect(report.results.map((r) => r.workflowId)).toEqual(expect.arrayContaining([approvedWorkflowId, runningWorkflowId]));
    for (const r of report.results)
      expect(r).toMatchObject({ outcome: 'ok', error: null, divergedAt: null, summary: { en: 'replays on the current workflow code' } });
  });

  it('reports where a changed copy of the workflow code diverges from each history', async () => {
    const events = (await exportJson(approvedWorkflowId)).events;
    const report = await diverged.run(await diverged.plan({ kind: 'ids', workflowIds: [approvedWorkflowId, 'case:no-such-case'] }));
    expect(report).toMatchObject({ total: 2, ok: 0, diverged: 1, failed: 1 });
    const [d, missing] = report.results;
    const at = firstCommandEvent(events);
    expect(d).toMatchObject({
      workflowId: approvedWorkflowId,
      outcome: 'diverged',
      divergedAt: at,
      workflowType: events[0]!.workflowExecutionStartedEventAttributes!.workflowType.name,
    });
    expect(d!.error).toMatch(/nondeterminism/i);
    expect(d!.summary.en).toBe(`diverges from the current workflow code at event ${at.eventId} (${at.eventType})`);
    expect(d!.summary.zh).toContain(`在事件 ${at.eventId}`);
    expect(missing).toMatchObject({ workflowId: 'case:no-such-case', outcome: 'failed', divergedAt: null });

    // Errors that name no event are located by replaying ever shorter prefixes; both ways agree.
    const located = await diverged.locateByPrefix(await diverged.workflowBundle(), approvedWorkflowId, historyFromJSON({ events }));
    expect(located).toEqual(at);
  });

  it('replays the set a visibility query selects', async () => {
    const type = (await h.env.client.workflow.getHandle(runningWorkflowId).describe()).type;
    const plan = await diverged.plan({ kind: 'query', query: `WorkflowType='${type}' AND ExecutionStatus='Running'` });
    const report = await diverged.run(plan);
    expect(report.results.map((r) => r.workflowId)).toEqual([runningWorkflowId]);
    expect(report.results[0]).toMatchObject({ outcome: 'diverged', divergedAt: firstCommandEvent((await exportJson(runningWorkflowId)).events) });
  });

  it('npm run replay: a report per workflow, progress lines off a terminal, a bar on one, non-zero when any diverged', async () => {
    const ok = streams();
    expect(await runReplayCli(['--workflow-id', approvedWorkflowId], current, ok.io)).toBe(0);
    expect(ok.out.join('')).toContain(`ok        ${approvedWorkflowId}`);
    expect(ok.out.join('')).toContain('Replayed 1 workflows: 1 ok, 0 diverged, 0 failed');
    expect(ok.err.join('')).toContain(`[1/1 100%] ok ${approvedWorkflowId}\n`);

    const bad = streams(true);
    const at = firstCommandEvent((await exportJson(approvedWorkflowId)).events);
    expect(await runReplayCli(['--workflow-id', approvedWorkflowId, '--workflow-id', runningWorkflowId], diverged, bad.io)).toBe(1);
    const text = bad.out.join('');
    expect(text).toContain(`DIVERGED  ${approvedWorkflowId}`);
    expect(text).toContain(`at event ${at.eventId} ${at.eventType}`);
    expect(text).toContain('[TMPRL1100] Nondeterminism error');
    expect(text).toContain('Replayed 2 workflows: 0 ok, 2 diverged, 0 failed');
    const bar = bad.err.join('');
    expect(bar).toContain('\r');
    expect(bar).toContain(`${'█'.repeat(30)} 100% 2/2`);

    const json = streams();
    expect(await runReplayCli(['--json', '--query', `WorkflowId='${approvedWorkflowId}'`], current, json.io)).toBe(0);
    expect((JSON.parse(json.out.join('')) as ReplayReport).results).toEqual([expect.objectContaining({ workflowId: approvedWorkflowId, outcome: 'ok' })]);

    const usage = streams();
    expect(await runReplayCli(['--workflow-id', ''], current, usage.io)).toBe(2);
    expect(usage.err.join('')).toContain('--workflow-id #1: a workflow id is required');
    const refused = streams();
    expect(await runReplayCli(['--query', 'NoSuchAttribute = 1'], current, refused.io)).toBe(2);
    expect(refused.err.join('')).toContain('--query: Temporal refused the query');
    expect(refused.err.join('')).toContain('NoSuchAttribute');
  });

  it('runs the same replay as a background job that reaches 100% with the same report', async () => {
    const started = await h.http.post('/admin/replays').set(admin()).send({});
    expect(started.status).toBe(202);
    const { jobId } = started.body as { jobId: string };
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    // (One job at a time, and a job outliving its API: test/integration/replay-job.test.ts.)

    const job = await eventually(
      async () => {
        const res = await h.http.get(`/admin/replays/${jobId}`).set(admin());
        expect(res.status).toBe(200);
        expect(res.body.percent).toBeGreaterThanOrEqual(0);
        expect(res.body.percent).toBeLessThanOrEqual(100);
        return res.body.status === 'running'
          ? undefined
          : (res.body as { status: string; percent: number; results: WorkflowReplayResult[] } & Record<string, unknown>);
      },
      60_000,
      'the replay job',
    );
    const direct = await current.run(await current.plan({ kind: 'all' }));
    expect(job).toMatchObject({
      status: 'completed',
      percent: 100,
      done: direct.total,
      total: direct.total,
      ok: direct.total,
      diverged: 0,
      failed: 0,
      error: null,
    });
    expect([...job.results].sort(byRun)).toEqual([...direct.results].sort(byRun));

    const named = await h.http
      .post('/admin/replays')
      .set(admin())
      .send({ workflowIds: [runningWorkflowId] });
    expect(named.status).toBe(202);
    const namedJob = await eventually(
      async () => {
        const res = await h.http.get(`/admin/replays/${(named.body as { jobId: string }).jobId}`).set(admin());
        return res.body.status === 'completed' ? (res.body as { percent: number; results: WorkflowReplayResult[] }) : undefined;
      },
      60_000,
      'the second replay job',
    );
    expect(namedJob.percent).toBe(100);
    expect(namedJob.results).toEqual([expect.objectContaining({ workflowId: runningWorkflowId, outcome: 'ok' })]);

    const refused = await h.http.post('/admin/replays').set(admin()).send({ query: 'NoSuchAttribute = 1' });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('query');
    expect(refused.body.message).toContain('NoSuchAttribute');
  });

  it('is not there for anyone but an admin', async () => {
    const path = `/admin/workflows/${encodeURIComponent(approvedWorkflowId)}/history`;
    for (const user of ['applicant-lingxi', 'officer-stic', 'supervisor-stic']) {
      const res = await h.http.get(path).set(h.auth(user));
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
      expect((await h.http.post('/admin/replays').set(h.auth(user)).send({})).status).toBe(404);
    }
  });

  it('reports a workflow whose type the current code no longer has as failed, not skipped', async () => {
    // Started by name: no code anywhere defines this type (a retired workflow still open on the queue).
    await h.env.client.workflow.start('retiredWorkflow', { taskQueue: h.taskQueue, workflowId: 'retired:1', args: [] });
    const plan = await eventually(
      async () => {
        const p = await current.plan({ kind: 'all' });
        return (await current.plan({ kind: 'query', query: "WorkflowId='retired:1'" })).total === 1 ? p : undefined;
      },
      20_000,
      'visibility to list the retired workflow',
    );
    const report = await current.run(plan);
    expect(report.results.find((r) => r.workflowId === 'retired:1')).toMatchObject({ outcome: 'failed', workflowType: 'retiredWorkflow', divergedAt: null });
    expect(report.failed).toBe(1);
    expect(report.ok).toBe(report.total - 1);
    await h.env.client.workflow.getHandle('retired:1').terminate('test over');
  });
});
