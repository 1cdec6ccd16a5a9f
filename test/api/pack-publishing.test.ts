import { loadPackFiles } from '../../seeds/seed';
import { fixedClock } from '../../src/common/clock';
import type { PolicyPack } from '../../src/domain';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission, SHENZHEN } from '../support/fixtures';

const NOW = '2026-12-10T04:00:00Z'; // 2026-12-10 12:00 in Shanghai: Shenzhen closes in 7 days 12 hours
const shenzhen = (): PolicyPack => loadPackFiles().find((p) => p.id === SHENZHEN)!;

/** A successor policy: Shenzhen's rules under a new id, taking over from 2026-12-18 for two years. */
function successor(id: string): PolicyPack {
  const sz = shenzhen();
  const from = '2026-12-18T00:00:00+08:00';
  return {
    ...sz,
    id,
    title: { zh: '深圳市人工智能先锋城市措施(续)', en: 'Shenzhen AI Pioneer City measures (continued)' },
    succeeds: SHENZHEN,
    validity: { from, to: '2028-12-18T00:00:00+08:00' },
    versions: sz.versions.map((v, i) => (i === 0 ? { ...v, effectiveFrom: from } : v)),
  };
}

describe('publishing policy packs over the admin API', () => {
  let api: ApiApp;
  beforeAll(async () => {
    // The real Shenzhen window, so its end is what the status endpoint reports.
    api = await startApiApp({}, [shenzhen()], { clock: fixedClock(NOW) });
  });
  afterAll(async () => {
    await api?.close();
  });
  const as = (u: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(u)}` });

  it('is an admin route: anyone else gets the 404 of a route that does not exist, and nothing is stored', async () => {
    for (const u of ['applicant-lingxi', 'officer-stic', 'supervisor-stic']) {
      const res = await api.http.post('/admin/packs').set(as(u)).send(successor('sz-next-denied'));
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('Cannot POST /admin/packs');
    }
    expect((await api.http.post('/admin/packs').send(successor('sz-next-denied'))).status).toBe(404);
    expect(await api.prisma.policyPack.findUnique({ where: { id: 'sz-next-denied' } })).toBeNull();
  });

  it('refuses a malformed pack with a 400 naming the field, and stores nothing', async () => {
    const bad = { ...successor('sz-bad'), validity: { from: '2026-12-18T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' } };
    const res = await api.http.post('/admin/packs').set(as('admin')).send(bad);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'validity.to', message: expect.stringContaining('end after it starts') })]),
    );
    const self = await api.http
      .post('/admin/packs')
      .set(as('admin'))
      .send({ ...successor('sz-self'), succeeds: 'sz-self' });
    expect(self.status).toBe(400);
    expect(self.body.field).toBe('succeeds');
    const orphan = await api.http
      .post('/admin/packs')
      .set(as('admin'))
      .send({ ...successor('sz-orphan'), succeeds: 'no-such-pack' });
    expect(orphan.status).toBe(422);
    expect(orphan.body).toMatchObject({ field: 'succeeds', zh: expect.stringContaining('no-such-pack') });
    expect(await api.prisma.policyPack.count()).toBe(1);
    expect(api.temporal.starts).toEqual([]);
  });

  it('publishes a successor at once: stored, its intake clock started, and the catalog says which succeeds which', async () => {
    const dry = await api.http.post('/admin/packs?dryRun=true').set(as('admin')).send(successor('sz-next'));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, newVersions: [1], clockStarted: false });
    expect(await api.prisma.policyPack.findUnique({ where: { id: 'sz-next' } })).toBeNull();

    const res = await api.http.post('/admin/packs').set(as('admin')).send(successor('sz-next'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ packId: 'sz-next', newVersions: [1], succeeds: SHENZHEN, clockStarted: true, status: { state: 'notYetOpen' } });
    expect(res.body.versions[0].publishedAt).toEqual(expect.any(String));
    expect(api.temporal.starts.map((s) => s.workflowId)).toEqual(['intake:sz-next']);

    const sz = await api.http.get(`/catalog/packs/${SHENZHEN}`);
    expect(sz.body).toMatchObject({ succeeds: null, succeededBy: ['sz-next'] });
    const next = await api.http.get('/catalog/packs/sz-next');
    expect(next.body).toMatchObject({ succeeds: SHENZHEN, succeededBy: [], versions: [{ version: 1, effectiveFrom: '2026-12-18T00:00:00+08:00' }] });

    // Re-publishing the same document adds nothing; changing a published version is refused.
    const again = await api.http.post('/admin/packs').set(as('admin')).send(successor('sz-next'));
    expect(again.body.newVersions).toEqual([]);
    const edited = successor('sz-next');
    edited.versions[0] = { ...edited.versions[0]!, note: { zh: '改', en: 'edited' } };
    const refused = await api.http.post('/admin/packs').set(as('admin')).send(edited);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('version 1 is published and cannot be changed');
  });

  it('reports a policy as open with the time left, and a closed one naming its end and its successor', async () => {
    const open = await api.http.get(`/catalog/packs/${SHENZHEN}/status`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({
      packId: SHENZHEN,
      state: 'open',
      closesAt: '2026-12-18T00:00:00+08:00',
      msLeft: (7 * 24 + 12) * 3600_000,
      succeededBy: ['sz-next'],
      message: {
        en: expect.stringContaining('until 2026-12-18 00:00 (Asia/Shanghai): 7 days 12 hours left'),
        zh: expect.stringContaining('剩余 7 天 12 小时'),
      },
    });
    const later = await api.http.get('/catalog/packs/sz-next/status');
    expect(later.body).toMatchObject({ state: 'notYetOpen', msLeft: (7 * 24 + 12) * 3600_000 });

    await api.prisma.policyPack.update({ where: { id: SHENZHEN }, data: { intakeOpen: false } });
    const closed = await api.http.get(`/catalog/packs/${SHENZHEN}/status`);
    expect(closed.body).toMatchObject({ state: 'closed', msLeft: null });
    expect(closed.body.message.en).toContain('closed for applications at 2026-12-18 00:00 (Asia/Shanghai); apply under its successor');
    expect(closed.body.message.zh).toContain('已于北京时间 2026-12-18 00:00停止受理,请向继任政策');

    // A submission after the close names the policy, its end and its successor, in both languages.
    const refused = await api.http.post('/cases').set(as('applicant-lingxi')).send(m2Submission());
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ field: 'packId', reason: 'IntakeClosed', closesAt: '2026-12-18T00:00:00+08:00' });
    expect(refused.body.message).toContain('Shenzhen');
    expect(refused.body.message).toContain('2026-12-18 00:00 (Asia/Shanghai)');
    expect(refused.body.message).toContain('sz-next');
    expect(refused.body.zh).toContain('停止受理');
    expect(await api.prisma.case.count()).toBe(0);
  });
});
