import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';
import { createTestDatabase } from '../support/database';

type DMMF = Awaited<ReturnType<typeof getDMMF>>;

const PG_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
};

/**
 * The migrations are written by hand (the schema engine cannot be downloaded here), so this
 * proves that a database built by them is exactly what prisma/schema.prisma describes.
 */
describe('migrations build the database schema.prisma describes', () => {
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  let dmmf: DMMF;

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    dmmf = await getDMMF({ datamodel: readFileSync(join(__dirname, '../../prisma/schema.prisma'), 'utf8') });
  });

  afterAll(async () => {
    await pg.end();
    await db.drop();
  });

  const tableOf = (model: string): string => {
    const m = dmmf.datamodel.models.find((x) => x.name === model)!;
    return m.dbName ?? m.name;
  };
  const columnOf = (model: string, field: string): string => {
    const f = dmmf.datamodel.models.find((x) => x.name === model)!.fields.find((x) => x.name === field)!;
    return f.dbName ?? f.name;
  };

  it('has exactly the tables of the models', async () => {
    const { rows } = await pg.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());
  });

  it('has exactly the enums and their values', async () => {
    const { rows } = await pg.query<{ name: string; value: string }>(
      'SELECT t.typname AS name, e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder',
    );
    const actual: Record<string, string[]> = {};
    for (const r of rows) (actual[r.name] ??= []).push(r.value);
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
    expect(actual).toEqual(expected);
  });

  it('has every column with its type, nullability and default', async () => {
    const { rows } = await pg.query<{ table_name: string; column_name: string; type: string; is_nullable: string; has_default: boolean }>(`
      SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable, c.column_default IS NOT NULL AS has_default
      FROM information_schema.columns c
      JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`);
    const actual = rows
      .map((r) => `${r.table_name}.${r.column_name} ${r.type} ${r.is_nullable === 'NO' ? 'NOT NULL' : 'NULL'}${r.has_default ? ' DEFAULT' : ''}`)
      .sort();
    const expected: string[] = [];
    for (const m of dmmf.datamodel.models) {
      for (const f of m.fields) {
        if (f.kind === 'object') continue;
        const enumName = (name: string): string => dmmf.datamodel.enums.find((e) => e.name === name)?.dbName ?? name;
        const type = f.kind === 'enum' ? `"${enumName(f.type as string)}"` : f.nativeType?.[0] === 'Date' ? 'date' : PG_TYPE[f.type as string];
        // @updatedAt is set by the client, not the database; scalar defaults and autoincrement are in the database.
        const hasDefault = f.hasDefaultValue && !f.isUpdatedAt;
        expected.push(`${m.dbName ?? m.name}.${f.dbName ?? f.name} ${type} ${f.isRequired ? 'NOT NULL' : 'NULL'}${hasDefault ? ' DEFAULT' : ''}`);
      }
    }
    expect(actual).toEqual(expected.sort());
  });

  it('has the primary keys, unique constraints, indexes and foreign keys', async () => {
    const { rows: idx } = await pg.query<{ table: string; unique: boolean; primary: boolean; method: string; columns: string[] }>(`
      SELECT t.relname AS table, i.indisunique AS unique, i.indisprimary AS primary, am.amname AS method,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_am am ON am.oid = ic.relam
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.indexrelid, i.indisunique, i.indisprimary, am.amname`);
    const actual = idx.map((r) => `${r.table} ${r.primary ? 'PK' : r.unique ? 'UNIQUE' : 'INDEX'} ${r.method} (${r.columns.join(',')})`).sort();
    const expected = (dmmf.datamodel.indexes ?? []).map((i) => {
      const kind = i.type === 'id' ? 'PK' : i.type === 'unique' ? 'UNIQUE' : 'INDEX';
      // Prisma's default method is B-tree; `type: Gin` and the like name another.
      const method = (i.algorithm ?? 'BTree').toLowerCase();
      return `${tableOf(i.model)} ${kind} ${method} (${i.fields.map((f) => columnOf(i.model, f.name)).join(',')})`;
    });
    expect(actual).toEqual(expected.sort());

    const { rows: fks } = await pg.query<{ table: string; columns: string[]; ref: string; ref_columns: string[]; on_delete: string }>(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref, c.confdeltype AS on_delete,
             (SELECT array_agg(attname::text ORDER BY ord) FROM unnest(c.conkey) WITH ORDINALITY u(n, ord) JOIN pg_attribute ON attrelid = c.conrelid AND attnum = u.n) AS columns,
             (SELECT array_agg(attname::text ORDER BY ord) FROM unnest(c.confkey) WITH ORDINALITY u(n, ord) JOIN pg_attribute ON attrelid = c.confrelid AND attnum = u.n) AS ref_columns
      FROM pg_constraint c WHERE c.contype = 'f'`);
    const ON_DELETE: Record<string, string> = { r: 'Restrict', n: 'SetNull', c: 'Cascade', a: 'NoAction', d: 'SetDefault' };
    const actualFks = fks.map((r) => `${r.table}(${r.columns.join(',')}) -> ${r.ref}(${r.ref_columns.join(',')}) ON DELETE ${ON_DELETE[r.on_delete]}`).sort();
    const expectedFks: string[] = [];
    for (const m of dmmf.datamodel.models) {
      for (const f of m.fields) {
        if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
        // Prisma's default: Restrict for required relations, SetNull for optional ones.
        const onDelete = (f.relationOnDelete as string | undefined) ?? (f.isRequired ? 'Restrict' : 'SetNull');
        expectedFks.push(
          `${m.dbName ?? m.name}(${f.relationFromFields.map((x) => columnOf(m.name, x)).join(',')}) -> ${tableOf(f.type as string)}(${f.relationToFields!.map((x) => columnOf(f.type as string, x)).join(',')}) ON DELETE ${onDelete}`,
        );
      }
    }
    expect(actualFks).toEqual(expectedFks.sort());
  });

  it('records the migrations the way Prisma does, so `prisma migrate deploy` sees them as applied', async () => {
    const { rows } = await pg.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const sql = readFileSync(join(__dirname, '../../prisma/migrations', r.migration_name, 'migration.sql'));
      expect(r.checksum).toEqual(createHash('sha256').update(sql).digest('hex'));
      expect(r.finished_at).not.toBeNull();
    }
  });
});
