import { seedAll } from '../../seeds/seed';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';
import { testPacks } from '../support/packs';

interface Entry {
  id: string;
  at: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  payload: Record<string, unknown>;
}

/** The audit trail as an admin reads it, and the database refusing to rewrite it. */
describe('the audit trail', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const trail = async (query: string): Promise<{ items: Entry[]; total: number }> => {
    const res = await api.http.get(`/admin/audit${query}`).set(as('admin'));
    expect(res.status).toBe(200);
    return res.body as { items: Entry[]; total: number };
  };

  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('records a submission with its actor, time and payload, in the transaction that stores the case', async () => {
    const before = Date.now();
    const res = await api.http
      .post('/cases')
      .set(as('applicant-lingxi'))
      .send(m2Submission({ contractNumber: 'AUDIT-1' }));
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const { items } = await trail(`?caseId=${id}`);
    expect(items).toEqual([
      {
        id: expect.any(String) as string,
        at: expect.any(String) as string,
        actorId: 'applicant-lingxi',
        actorName: 'Chen Jing',
        action: 'case.submit',
        subjectType: 'case',
        subjectTypeLabel: { zh: '申请', en: 'Case' },
        subjectId: id,
        caseId: id,
        payload: { packVersion: 1 },
        // The payload's facts by name: a submission's rule version is no fact a person reads.
        details: [],
      },
    ]);
    expect(Date.parse(items[0]!.at)).toBeGreaterThanOrEqual(before - 1000);
    // A refused submission (a bad form) stores nothing, audit included.
    const bad = await api.http
      .post('/cases')
      .set(as('applicant-lingxi'))
      .send(m2Submission({ contractAmountFen: 12 }));
    expect(bad.status).toBe(400);
    expect((await trail('?action=case.submit')).total).toBe(1);
  });

  it('records publishing a pack once: seeding it again publishes nothing', async () => {
    const published = await trail('?action=pack.publish');
    expect(published.items.map((e) => [e.subjectId, e.actorId]).sort()).toEqual(
      testPacks()
        .map((p) => [p.id, 'system:seed'])
        .sort(),
    );
    expect(published.items.find((e) => e.subjectId === 'shenzhen-ai-pioneer-2024')!.payload).toMatchObject({ versions: [{ version: 1 }] });
    await seedAll(process.env.DATABASE_URL!, testPacks());
    expect((await trail('?action=pack.publish')).total).toBe(published.total);
  });

  it('filters by actor, action and time range, and pages', async () => {
    for (const n of [2, 3, 4]) {
      const res = await api.http
        .post('/cases')
        .set(as('applicant-pengcheng'))
        .send(m2Submission({ contractNumber: `AUDIT-${n}` }));
      expect(res.status).toBe(201);
    }
    const mine = await trail('?actorId=applicant-pengcheng');
    expect(mine.total).toBe(3);
    expect(mine.items.every((e) => e.actorId === 'applicant-pengcheng' && e.action === 'case.submit')).toBe(true);
    const page = await trail('?actorId=applicant-pengcheng&limit=2&offset=2');
    expect(page.items.map((e) => e.id)).toEqual([mine.items[2]!.id]);
    // Newest first; a range from the middle one's instant (inclusive) leaves out the oldest.
    const from = mine.items[1]!.at;
    expect((await trail(`?actorId=applicant-pengcheng&from=${encodeURIComponent(from)}`)).items.map((e) => e.id)).toEqual(
      mine.items.slice(0, 2).map((e) => e.id),
    );
    expect((await trail(`?actorId=applicant-pengcheng&to=${encodeURIComponent(from)}`)).items.map((e) => e.id)).toEqual([mine.items[2]!.id]);
  });

  it('refuses a malformed filter naming the field, and hides itself from anyone but an admin', async () => {
    for (const [query, field, text] of [
      ['?from=yesterday', 'from', 'from must be an ISO 8601 instant'],
      ['?caseId=42', 'caseId', 'caseId must be a case id'],
      ['?action=DROP', 'action', 'action is dotted lower-case words'],
      ['?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to', 'to must be after from'],
    ] as const) {
      const res = await api.http.get(`/admin/audit${query}`).set(as('admin'));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(JSON.stringify(res.body)).toContain(text);
    }
    for (const user of ['applicant-lingxi', 'officer-stic']) {
      const res = await api.http.get('/admin/audit').set(as(user));
      expect(res.status).toBe(404);
    }
  });

  it('cannot be rewritten or erased, even with direct SQL', async () => {
    const { total } = await trail('');
    await expect(api.prisma.$executeRawUnsafe(`UPDATE audit_log SET actor_id = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(api.prisma.$executeRawUnsafe(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(api.prisma.$executeRawUnsafe(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect((await trail('')).total).toBe(total);
  });
});
