import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { listMigrations, migrate } from '../../src/database/migrate';
import { createTestDatabase } from '../support/database';

const JURISDICTIONS = '20261207100000_jurisdictions';

/**
 * The jurisdictions migration on a database that already holds a single namespace's rows: every row
 * gets the city its data tells (or Shenzhen, the city the service began with, where nothing does).
 */
describe('the jurisdictions migration backfills rows written before it', () => {
  let anchor: { url: string; drop(): Promise<void> };
  let url = '';
  let pg: Client;
  const name = `it_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const onServer = async (sql: string): Promise<void> => {
    const admin = new Client({ connectionString: anchor.url });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    // A migrated database only to reach the test server; the one under test is built below, step by step.
    anchor = await createTestDatabase();
    await onServer(`CREATE DATABASE "${name}"`);
    const u = new URL(anchor.url);
    u.pathname = `/${name}`;
    url = u.toString();
    await migrate(
      url,
      listMigrations().filter((m) => m.name < JURISDICTIONS),
    );
    pg = new Client({ connectionString: url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await anchor?.drop();
  });

  it('gives packs, cases, organisations, users, orders and ledger rows their city', async () => {
    const pack = (id: string, code: string, city: string, districts: string[]) =>
      pg.query(
        `INSERT INTO policy_packs (id, title, timezone, document, valid_from, valid_to, updated_at) VALUES ($1, '{}', 'Asia/Shanghai', $2, now(), now(), now())`,
        [id, JSON.stringify({ jurisdiction: { code, name: { zh: city, en: code } }, districts: districts.map((d) => ({ code: d, bureau: `district:${d}` })) })],
      );
    await pack('sz', 'shenzhen', '深圳市', ['nanshan']);
    await pack('nt', 'nantong', '南通市', ['chongchuan']);
    await pg.query(`INSERT INTO bureaus (pack_id, code, name, kind) VALUES ('sz', 'stic', '{}', 'city'), ('nt', 'nt-stb', '{}', 'city')`);
    await pg.query(
      `INSERT INTO organisations (id, name, kind, district) VALUES ('org-sz', 'A', 'enterprise', 'nanshan'), ('org-nt', 'B', 'enterprise', 'chongchuan'), ('org-case', 'C', 'enterprise', NULL), ('org-none', 'D', 'enterprise', NULL)`,
    );
    await pg.query(
      `INSERT INTO users (id, name, role, organisation_id, bureau_code) VALUES
        ('a-nt', 'x', 'applicant', 'org-nt', NULL), ('o-sz', 'x', 'officer', NULL, 'stic'), ('o-nt', 'x', 'officer', NULL, 'nt-stb'),
        ('f-city', 'x', 'finance', NULL, 'city'), ('root', 'x', 'admin', NULL, NULL)`,
    );
    const caseId = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, updated_at)
       VALUES ($1, 'AP-1', 'nt', 1, 'n2', 'n2', 'org-case', 'a-nt', 'h', '{}', $2, now())`,
      [caseId, `case:${caseId}`],
    );
    await pg.query(`INSERT INTO payment_orders (id, application_id, funder, amount_fen, payee_organisation_id) VALUES ('o1', $1, 'city', 100, 'org-case')`, [
      caseId,
    ]);
    await pg.query(
      `INSERT INTO ledger_entries (entry_key, application_id, kind, budget_year, funder, amount_fen, limit_keys) VALUES ('k1', $1, 'split', 2026, 'city', 100, '[]')`,
      [caseId],
    );

    await migrate(url);

    const of = async (table: string): Promise<Record<string, string>> => {
      const key = table === 'ledger_entries' ? 'entry_key' : 'id';
      const { rows } = await pg.query<{ k: string; j: string }>(`SELECT ${key} AS k, jurisdiction_id AS j FROM ${table} ORDER BY 1`);
      return Object.fromEntries(rows.map((r) => [r.k, r.j]));
    };
    const { rows: cities } = await pg.query<{ id: string; name: unknown }>('SELECT id, name FROM jurisdictions ORDER BY id');
    expect(cities).toEqual([
      { id: 'nantong', name: { zh: '南通市', en: 'nantong' } },
      { id: 'shenzhen', name: { zh: '深圳市', en: 'shenzhen' } },
    ]);
    expect(await of('policy_packs')).toEqual({ nt: 'nantong', sz: 'shenzhen' });
    expect(await of('applications')).toEqual({ [caseId]: 'nantong' });
    // From its case, from its district, else the first city.
    expect(await of('organisations')).toEqual({ 'org-case': 'nantong', 'org-none': 'shenzhen', 'org-nt': 'nantong', 'org-sz': 'shenzhen' });
    // From the organisation, from the one city whose packs have the bureau, else the first city (`city` is every city's).
    expect(await of('users')).toEqual({ 'a-nt': 'nantong', 'f-city': 'shenzhen', 'o-nt': 'nantong', 'o-sz': 'shenzhen', root: 'shenzhen' });
    expect(await of('payment_orders')).toEqual({ o1: 'nantong' });
    expect(await of('ledger_entries')).toEqual({ k1: 'nantong' });
    // The ledger stays append-only after its backfill.
    await expect(pg.query(`UPDATE ledger_entries SET amount_fen = 1`)).rejects.toThrow(/append-only/);
    // A row naming another city than its case's is refused; one naming none gets its case's.
    await expect(
      pg.query(
        `INSERT INTO ledger_entries (entry_key, application_id, kind, budget_year, funder, amount_fen, limit_keys, jurisdiction_id) VALUES ('k2', $1, 'pay', 2026, 'city', 1, '[]', 'shenzhen')`,
        [caseId],
      ),
    ).rejects.toThrow(/is not its case's/);
  });
});
