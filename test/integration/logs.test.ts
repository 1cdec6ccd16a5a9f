import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger } from '../../src/logging/json-logger';
import { eventually, startHarness, waitForIntake, type Harness } from '../support/harness';
import { harnessWorker, WORKER_STARTUP_MS, WorkerProcesses } from '../support/faults';
import { m2Submission } from '../support/fixtures';

const JWT_SECRET = 'test-secret-test-secret-test-secret-0123';
// Recognisable values a log must never carry: the applicant's form field and its bearer token.
const FORM_VALUE = 'FORMVALUE-LOGGREP-7F3A9C';

type Line = Record<string, unknown>;
const read = (file: string): Line[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

/**
 * A submission through the API (in this process, with the service's JSON logger) and its case run by
 * a real worker process at LOG_LEVEL=debug: both write JSON lines to the data folder's logs/, the
 * lines name the request, user, case and workflow, and neither file holds the token, the signing
 * secret or the form's value.
 */
describe('structured logs', () => {
  let h: Harness;
  const dataDir = mkdtempSync(join(tmpdir(), 'logs-'));
  const logs = join(dataDir, 'logs');
  const workers = new WorkerProcesses(() => harnessWorker(h, { DATA_DIR: dataDir, LOG_LEVEL: 'debug' }));
  beforeAll(async () => {
    h = await startHarness({ inProcessWorker: false });
    h.app.useLogger(new JsonLogger({ name: 'api', level: 'debug', dir: logs, secrets: [JWT_SECRET], stdout: false }));
    workers.start();
    await waitForIntake(h.prisma, WORKER_STARTUP_MS);
  });
  afterAll(async () => {
    await workers.stop();
    await h?.close();
    // KEEP_LOGS=<folder> keeps the two files for a look.
    if (process.env.KEEP_LOGS) cpSync(logs, process.env.KEEP_LOGS, { recursive: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes JSON lines with request, user, case and workflow ids and no token, secret or form value', async () => {
    const token = h.tokenFor('applicant-lingxi');
    const submitted = await h.http
      .post('/cases')
      .set({ Authorization: `Bearer ${token}`, 'x-request-id': 'req-logs-test-0001' })
      .send(m2Submission({ contractNumber: FORM_VALUE }));
    expect(submitted.status).toBe(201);
    expect(submitted.headers['x-request-id']).toBe('req-logs-test-0001');
    const caseId = submitted.body.id as string;
    // A caller's id that is not a plain token is replaced by one of ours.
    const read1 = await h.http.get(`/cases/${caseId}`).set({ Authorization: `Bearer ${token}`, 'x-request-id': 'bad id\twith spaces' });
    expect(read1.status).toBe(200);
    const ownId = read1.headers['x-request-id'] as string;
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);

    // The worker's first task of the case: an activity line naming its workflow and case.
    const workerLines = await eventually(
      async () => {
        const lines = read(join(logs, 'worker.log'));
        return lines.some((l) => l.workflowId === `case:${caseId}` && l.caseId === caseId) ? lines : undefined;
      },
      60_000,
      "the worker's lines about the case",
    );
    const apiLines = read(join(logs, 'api.log'));

    expect(apiLines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'HTTP',
        method: 'POST',
        path: '/cases',
        status: 201,
        requestId: 'req-logs-test-0001',
        userId: 'applicant-lingxi',
      }),
    );
    expect(apiLines).toContainEqual(
      expect.objectContaining({ method: 'GET', path: `/cases/${caseId}`, status: 200, requestId: ownId, userId: 'applicant-lingxi', caseId }),
    );
    for (const line of [...apiLines, ...workerLines]) {
      expect(line).toEqual(
        expect.objectContaining({ time: expect.any(String), level: expect.stringMatching(/^(debug|info|warn|error|fatal)$/), msg: expect.any(String) }),
      );
    }
    const text = readFileSync(join(logs, 'api.log'), 'utf8') + readFileSync(join(logs, 'worker.log'), 'utf8');
    for (const secret of [token, token.split('.')[2]!, JWT_SECRET, FORM_VALUE]) expect(text).not.toContain(secret);
  });
});
