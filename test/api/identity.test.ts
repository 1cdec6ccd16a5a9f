import { runIdentityCli } from '../../src/identity/identity.cli';
import { IdentityService } from '../../src/identity/identity.service';
import { CaseActivitiesImpl } from '../../src/cases/case.activities';
import { CaseRepository } from '../../src/database/case.repository';
import { OrganisationRepository } from '../../src/database/organisation.repository';
import { PackRepository } from '../../src/database/pack.repository';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { ActivityGuard } from '../../src/temporal/activity-guard';
import { CaseProjection } from '../../src/cases/case-projection';
import { NoticeDeliveryService } from '../../src/notices/notice-delivery.service';
import { NoticeRepository } from '../../src/database/notice.repository';
import { IncidentRepository } from '../../src/database/incident.repository';
import { APP_CONFIG } from '../../src/config/config.module';
import { m2Submission } from '../support/fixtures';
import { startApiApp, type ApiApp } from '../support/api-app';

// A real code (Shenzhen Tencent Computer Systems) and the same with its check character mistyped.
const TENCENT = '91440300708461136T';
const TYPO = '91440300708461136U';

/** Organisations, users and the audit trail over the admin API, on a real database. */
describe('organisations, users and their audit trail', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const admin = (): { Authorization: string } => as('admin');
  const org = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'org-tencent',
    name: '深圳市腾讯计算机系统有限公司',
    creditCode: TENCENT,
    kind: 'enterprise',
    isStartup: false,
    district: 'nanshan',
    registeredOn: '1998-11-11',
    ...over,
  });
  const stored = async (): Promise<{ organisations: number; users: number; audit: number }> => ({
    organisations: await api.prisma.organisation.count(),
    users: await api.prisma.user.count(),
    audit: await api.prisma.auditLog.count(),
  });

  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses an organisation whose credit code fails the check, or is malformed, naming the field and storing nothing', async () => {
    const before = await stored();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [org({ creditCode: TYPO }), 'creditCode', /check character \(the 18th\) does not match.*校验码/],
      [org({ creditCode: '9144030070846113' }), 'creditCode', /18 characters/],
      [org({ creditCode: '9144030070846113OT' }), 'creditCode', /other than I, O, Z, S and V/],
      [org({ isStartup: true }), 'startupEvidence', /a startup needs its evidence/],
      [org({ kind: 'company' }), 'kind', /kind must be one of/],
      [org({ registeredOn: '2024-02-30' }), 'registeredOn', /calendar date/],
      [org({ name: 'a\u0000b' }), 'name', /NUL character/],
      [org({ founded: '1998' }), '(body)', /founded/],
    ];
    for (const [body, field, message] of cases) {
      const res = await api.http.post('/admin/organisations').set(admin()).send(body);
      expect({ field, status: res.status, at: res.body.field }).toEqual({ field, status: 400, at: field });
      expect(res.body.message).toMatch(message);
    }
    expect(await stored()).toEqual(before);
  });

  it('registers an organisation (a code typed in lower case is stored upper-cased), refuses its code twice, and audits who did it', async () => {
    const res = await api.http
      .post('/admin/organisations')
      .set(admin())
      .send(org({ creditCode: ` ${TENCENT.toLowerCase()} ` }));
    expect(res.status).toBe(201);
    // The admin's own city, the request naming none.
    expect(res.body).toEqual({ ...org(), startupEvidence: null, jurisdictionId: 'shenzhen' });
    expect((await api.http.get('/admin/organisations/org-tencent').set(admin())).body).toEqual(res.body);

    const twice = await api.http
      .post('/admin/organisations')
      .set(admin())
      .send(org({ id: 'org-tencent-2' }));
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ field: 'creditCode', message: expect.stringContaining('already registered to 深圳市腾讯计算机系统有限公司') });
    const sameId = await api.http
      .post('/admin/organisations')
      .set(admin())
      .send(org({ creditCode: '914403001922038216' }));
    expect(sameId.status).toBe(409);
    expect(sameId.body.field).toBe('id');

    const audit = await api.http.get('/admin/audit?subjectType=organisation&subjectId=org-tencent').set(admin());
    expect(audit.body.items).toEqual([
      expect.objectContaining({ actorId: 'admin', action: 'organisation.created', subjectId: 'org-tencent', payload: { before: null, after: res.body } }),
    ]);
  });

  it('edits an organisation field by field, recording before and after; the startup rule holds on the result', async () => {
    const noEvidence = await api.http.patch('/admin/organisations/org-tencent').set(admin()).send({ isStartup: true });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.field).toBe('startupEvidence');
    const res = await api.http
      .patch('/admin/organisations/org-tencent')
      .set(admin())
      .send({ isStartup: true, startupEvidence: 'certificate SZ-2024-1', district: 'futian' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ isStartup: true, startupEvidence: 'certificate SZ-2024-1', district: 'futian', creditCode: TENCENT });
    const [latest] = (await api.http.get('/admin/audit?subjectId=org-tencent').set(admin())).body.items;
    expect(latest).toMatchObject({
      action: 'organisation.updated',
      payload: { before: { isStartup: false, district: 'nanshan', startupEvidence: null }, after: { isStartup: true, district: 'futian' } },
    });
    const missing = await api.http.patch('/admin/organisations/org-nowhere').set(admin()).send({ name: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.field).toBe('organisationId');
  });

  it('registers users by role: applicants of an organisation, staff of a bureau or district, admins of neither', async () => {
    const before = await stored();
    const refused: [Record<string, unknown>, number, string][] = [
      [{ id: 'ann', name: 'Ann', role: 'applicant' }, 422, 'organisationId'],
      [{ id: 'ann', name: 'Ann', role: 'applicant', organisationId: 'org-nowhere' }, 422, 'organisationId'],
      [{ id: 'ann', name: 'Ann', role: 'officer', bureauCode: 'no-such-bureau' }, 422, 'bureauCode'],
      // Codes are a city's: Nantong's bureau is no bureau of the admin's Shenzhen, and an applicant is of its organisation's city.
      [{ id: 'ann', name: 'Ann', role: 'officer', bureauCode: 'nt-stb' }, 422, 'bureauCode'],
      [{ id: 'ann', name: 'Ann', role: 'applicant', organisationId: 'org-tencent', jurisdictionId: 'nantong' }, 422, 'jurisdictionId'],
      [{ id: 'ann', name: 'Ann', role: 'finance' }, 422, 'bureauCode'],
      [{ id: 'ann', name: 'Ann', role: 'officer', bureauCode: 'stic', organisationId: 'org-tencent' }, 422, 'organisationId'],
      [{ id: 'ann', name: 'Ann', role: 'admin', bureauCode: 'stic' }, 422, 'bureauCode'],
      [{ id: 'ann', name: 'Ann', role: 'emperor' }, 400, 'role'],
      [{ id: 'admin', name: 'Again', role: 'admin' }, 409, 'id'],
    ];
    for (const [body, status, field] of refused) {
      const res = await api.http.post('/admin/users').set(admin()).send(body);
      expect({ body, status: res.status, field: res.body.field }).toEqual({ body, status, field });
    }
    expect(await stored()).toEqual(before);

    const ann = await api.http.post('/admin/users').set(admin()).send({ id: 'ann', name: 'Ann', role: 'applicant', organisationId: 'org-tencent' });
    expect(ann.status).toBe(201);
    expect(ann.body).toEqual({ id: 'ann', name: 'Ann', role: 'applicant', organisationId: 'org-tencent', bureauCode: null, jurisdictionId: 'shenzhen' });
    const clerk = await api.http
      .post('/admin/users')
      .set(admin())
      .send({ id: 'clerk-nanshan', name: 'Clerk', role: 'finance', bureauCode: 'district:nanshan' });
    expect(clerk.status).toBe(201);
    expect((await api.http.get('/admin/users?role=finance&bureauCode=district:nanshan').set(admin())).body.items.map((u: { id: string }) => u.id)).toEqual([
      'clerk-nanshan',
      'finance-district-nanshan',
    ]);
  });

  it('changes a user, effective from the next request, and audits it', async () => {
    expect((await api.http.get('/cases').set(as('ann'))).status).toBe(200);
    expect((await api.http.get('/tasks').set(as('ann'))).status).toBe(403);
    const moved = await api.http.patch('/admin/users/ann').set(admin()).send({ role: 'officer', bureauCode: 'stic' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ id: 'ann', name: 'Ann', role: 'officer', organisationId: null, bureauCode: 'stic', jurisdictionId: 'shenzhen' });
    expect((await api.http.get('/tasks').set(as('ann'))).status).toBe(200);
    const [latest] = (await api.http.get('/admin/audit?subjectType=user&subjectId=ann').set(admin())).body.items;
    expect(latest).toMatchObject({
      actorId: 'admin',
      action: 'user.updated',
      payload: { before: { role: 'applicant', organisationId: 'org-tencent' }, after: { role: 'officer' } },
    });
  });

  it('keeps the audit trail append-only, whatever the client', async () => {
    const [entry] = await api.prisma.auditLog.findMany({ take: 1 });
    await expect(api.prisma.auditLog.update({ where: { id: entry!.id }, data: { actorId: 'mallory' } })).rejects.toThrow(/append-only/);
    await expect(api.prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await api.prisma.auditLog.findUnique({ where: { id: entry!.id } }))?.actorId).toBe(entry!.actorId);
  });

  it('never alters a case already received: it is assessed on the organisation as it was at receipt', async () => {
    const delivery = new NoticeDeliveryService(api.app.get(NoticeRepository), api.app.get(CaseRepository), api.app.get(APP_CONFIG));
    const activities = new CaseActivitiesImpl(
      api.app.get(CaseRepository),
      api.app.get(OrganisationRepository),
      api.app.get(PackRepository),
      api.app.get(LedgerRepository),
      new CaseProjection(api.app.get(CaseRepository), api.app.get(PackRepository), delivery),
      new ActivityGuard(api.app.get(IncidentRepository)),
    );
    // Lingxi is a Nanshan startup when the first case arrives: measure 2 pays it 60% instead of 50%.
    const first = await api.http.post('/cases').set(as('applicant-lingxi')).send(m2Submission());
    expect(first.status).toBe(201);
    const edit = await api.http.patch('/admin/organisations/org-lingxi').set(admin()).send({ isStartup: false, district: 'futian', name: 'Lingxi, renamed' });
    expect(edit.status).toBe(200);
    const second = await api.http.post('/cases').set(as('applicant-lingxi')).send(m2Submission());

    const snapshot = async (id: string): Promise<unknown> => (await api.prisma.case.findUniqueOrThrow({ where: { id } })).applicant;
    expect(await snapshot(first.body.id)).toMatchObject({
      name: '深圳灵犀智能科技有限公司',
      isStartup: true,
      district: 'nanshan',
      creditCode: '91440300MA5G7L2K2M',
    });
    expect(await snapshot(second.body.id)).toMatchObject({ name: 'Lingxi, renamed', isStartup: false, district: 'futian' });
    // 123,456,789 fen × 60% and × 50%, floored to the fen.
    expect((await activities.assessCase(first.body.id)).assessment.award.amountFen).toBe('74074073');
    expect((await activities.assessCase(second.body.id)).assessment.award.amountFen).toBe('61728394');
  });

  it('does the same from the command line, with the same checks and audit trail', async () => {
    const cli = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
      const code = await runIdentityCli(argv, api.app.get(IdentityService), io, 'operator');
      return { code, out, err };
    };
    const typo = await cli(
      'org',
      'add',
      '--id',
      'org-byd',
      '--name',
      'BYD',
      '--credit-code',
      '91440300192317458E',
      '--kind',
      'enterprise',
      '--registered-on',
      '1995-02-10',
    );
    expect(typo).toMatchObject({ code: 2, out: '' });
    expect(typo.err).toMatch(/^--credit-code: the check character/);
    expect(await api.prisma.organisation.findUnique({ where: { id: 'org-byd' } })).toBeNull();

    const added = await cli(
      'org',
      'add',
      '--id',
      'org-byd',
      '--name',
      'BYD',
      '--credit-code',
      '91440300192317458F',
      '--kind',
      'enterprise',
      '--district',
      'pingshan',
      '--registered-on',
      '1995-02-10',
      '--jurisdiction',
      'shenzhen',
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ id: 'org-byd', creditCode: '91440300192317458F', isStartup: false, district: 'pingshan' });
    const edited = await cli('org', 'edit', 'org-byd', '--no-district');
    expect(JSON.parse(edited.out)).toMatchObject({ district: null });
    expect(await cli('org', 'edit', 'org-nowhere', '--name', 'x')).toMatchObject({
      code: 1,
      err: expect.stringContaining('no such organisation / 没有该单位'),
    });

    expect((await cli('user', 'add', '--id', 'byd-1', '--name', 'Wang', '--role', 'applicant', '--organisation', 'org-byd')).code).toBe(0);
    expect(await cli('user', 'add', '--id', 'byd-2', '--name', 'Li', '--role', 'officer', '--jurisdiction', 'shenzhen')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^bureau: /),
    });
    expect((await cli('org', 'frobnicate')).code).toBe(2);

    const audit = JSON.parse((await cli('audit', '--entity-id', 'org-byd')).out) as { items: { actorId: string; action: string }[] };
    expect(audit.items.map((e) => [e.action, e.actorId])).toEqual([
      ['organisation.updated', 'cli:operator'],
      ['organisation.created', 'cli:operator'],
    ]);
  });
});
