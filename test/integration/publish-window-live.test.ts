import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadPackFiles } from '../../seeds/seed';
import { repoRoot } from '../../src/config/paths';
import type { PolicyPack } from '../../src/domain';
import { m2Submission, SHENZHEN } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';

const DAY = 24 * 3600 * 1000;
const PACK = 'sz-closing-soon';
const iso = (ms: number): string => new Date(ms).toISOString();

/** Shenzhen's rules as a new pack whose window closes `closesInMs` from now. */
function closingSoon(closesAt: number): PolicyPack {
  const sz = loadPackFiles().find((p) => p.id === SHENZHEN)!;
  const from = iso(Date.now() - DAY);
  return { ...sz, id: PACK, validity: { from, to: iso(closesAt) }, versions: sz.versions.map((v, i) => (i === 0 ? { ...v, effectiveFrom: from } : v)) };
}

/**
 * As a new user would try it, on a running system (dev server, one worker never restarted): an admin
 * publishes a pack whose window closes seconds from now; submissions are accepted before the close
 * and refused after it; a new version extending the window reopens intake, and the case received
 * before the close is still decided.
 */
describe('a pack published with a window closing in seconds', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  const status = async (): Promise<{ state: string; msLeft: number | null }> => (await h.http.get(`/catalog/packs/${PACK}/status`)).body;
  const submit = (n: string) =>
    h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send({ ...m2Submission({ contractNumber: `SOON-${n}` }), packId: PACK });

  it('accepts before the close, refuses after it, and reopens for a version that extends the window, without a restart', async () => {
    const worker = h.worker;
    const closesAt = Date.now() + 12_000;
    const published = await h.http.post('/admin/packs').set(h.auth('admin')).send(closingSoon(closesAt));
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ packId: PACK, clockStarted: true, status: { state: 'open' } });

    await eventually(async () => ((await status()).state === 'open' ? true : undefined), 10_000, 'intake to open');
    expect((await status()).msLeft).toBeLessThanOrEqual(12_000);
    const before = await submit('before');
    expect(before.status).toBe(201);
    const caseId = before.body.id as string;

    await eventually(async () => ((await status()).state === 'closed' ? true : undefined), 30_000, 'intake to close');
    expect(Date.now()).toBeGreaterThanOrEqual(closesAt);
    const after = await submit('after');
    expect(after.status).toBe(422);
    expect(after.body).toMatchObject({ field: 'packId', reason: 'IntakeClosed', zh: expect.stringContaining('停止受理') });
    expect(after.body.message).toContain(`intake for ${PACK} is closed`);

    // The same pack with a second version and a later end: the intake clock is replaced and opens again.
    const extended = closingSoon(Date.now() + 30 * DAY);
    extended.validity.from = published.body.status.opensAt;
    extended.versions = [
      { ...extended.versions[0]!, effectiveFrom: published.body.status.opensAt },
      { version: 2, effectiveFrom: iso(Date.now()), note: { zh: '延长受理期', en: 'intake extended' }, measures: [], parameters: {}, pools: [] },
    ];
    const again = await h.http.post('/admin/packs').set(h.auth('admin')).send(extended);
    expect(again.body).toMatchObject({ newVersions: [2], windowChanged: true });
    await eventually(async () => ((await status()).state === 'open' ? true : undefined), 10_000, 'intake to reopen');
    const reopened = await submit('reopened');
    expect(reopened.status).toBe(201);
    expect(reopened.body.packVersion).toBe(2);

    // The case received before the close runs on under version 1 and is decided.
    const taskId = await eventually(async () => {
      const c = await h.http.get(`/cases/${caseId}`).set(h.auth('applicant-lingxi'));
      return (c.body.tasks as { id: string; status: string }[]).find((t) => t.status === 'open')?.id;
    });
    expect((await h.http.post(`/tasks/${taskId}/claim`).set(h.auth('officer-stic'))).status).toBe(200);
    const decided = await h.http.post(`/tasks/${taskId}/decision`).set(h.auth('officer-stic')).send({ decision: 'approve' });
    expect(decided.body).toMatchObject({ caseStatus: 'approved' });
    expect((await h.http.get(`/cases/${caseId}`).set(h.auth('applicant-lingxi'))).body.packVersion).toBe(1);
    expect(h.worker).toBe(worker);
    expect(worker.getState()).toBe('RUNNING');
  });

  /** npm run pack:publish's program, from source (the built one is the same file through tsc). */
  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    try {
      const r = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/publishing/publish.cli.ts', ...args], {
        cwd: repoRoot(),
        env: { ...process.env, TEMPORAL_ADDRESS: h.env.address },
      });
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: x.stdout, err: x.stderr };
    }
  };

  it('publishes from the command line into the running system, and refuses a malformed file naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-cli-'));
    const good = { ...closingSoon(Date.now() + 30 * DAY), id: 'sz-from-cli' };
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...good, id: 'sz-bad-cli', timezone: 'Mars/Olympus' }));

    const bad = await cli(join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('timezone: not an IANA time zone');
    expect(await h.prisma.policyPack.findUnique({ where: { id: 'sz-bad-cli' } })).toBeNull();
    expect((await cli()).code).toBe(2);

    const ok = await cli(join(dir, 'good.json'));
    expect(ok.err).not.toContain('does not answer');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('published sz-from-cli (versions 1;');
    expect(ok.out).toContain('intake clock started');
    await eventually(async () => ((await h.http.get('/catalog/packs/sz-from-cli/status')).body.state === 'open' ? true : undefined), 10_000, 'intake to open');
    const res = await h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send({ ...m2Submission({ contractNumber: 'CLI-1' }), packId: 'sz-from-cli' });
    expect(res.status).toBe(201);
  });
});
