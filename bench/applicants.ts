import { Client as PgClient } from 'pg';
import { benchApplicant, benchCreditCode, benchOrganisation, BENCH_DOCUMENTS, isM15, MIX } from './cases';
import type { Tokens } from './http';
import { pool } from './stats';

/**
 * The companies and applicants a range of case numbers needs: one organisation (a copy of the demo
 * start-up Lingxi with its own name and credit code) and one applicant per m15 case, and the mix's
 * evidence documents registered for every applicant's organisation (metadata only: submission checks
 * ownership, never the bytes). Idempotent, one statement per table.
 */
export async function ensureApplicants(databaseUrl: string, from: number, count: number): Promise<void> {
  const numbers = Array.from({ length: count }, (_, k) => from + k).filter(isM15);
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO organisations (id, name, kind, is_startup, district, registered_on, credit_code, startup_evidence, jurisdiction_id)
       SELECT b.id, o.name || ' #' || b.n, o.kind, o.is_startup, o.district, o.registered_on, b.code, o.startup_evidence, o.jurisdiction_id
         FROM organisations o, unnest($1::text[], $2::text[], $3::int[]) AS b(id, code, n)
        WHERE o.id = 'org-lingxi'
       ON CONFLICT DO NOTHING`,
      [numbers.map(benchOrganisation), numbers.map(benchCreditCode), numbers],
    );
    await pg.query(
      `INSERT INTO users (id, name, role, organisation_id, jurisdiction_id)
       SELECT u.id, 'Bench founder ' || u.n, 'applicant', u.org, o.jurisdiction_id
         FROM unnest($1::text[], $2::text[], $3::int[]) AS u(id, org, n) JOIN organisations o ON o.id = u.org
       ON CONFLICT DO NOTHING`,
      [numbers.map(benchApplicant), numbers.map(benchOrganisation), numbers],
    );
    const users = [...new Set([...MIX.map((m) => m.applicant(0)).filter((u) => !u.startsWith('applicant-bench-')), ...numbers.map(benchApplicant)])];
    await pg.query(
      `INSERT INTO documents (organisation_id, id, uploaded_by_id, name, content_type, size_bytes, sha256)
       SELECT u.organisation_id, d.id, u.id, d.id || '.pdf', 'application/pdf', 1, repeat('0', 64)
         FROM users u CROSS JOIN unnest($2::text[]) AS d(id)
        WHERE u.id = ANY($1) AND u.organisation_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [users, BENCH_DOCUMENTS],
    );
  } finally {
    await pg.end();
  }
}

/** Every applicant's dev token for a range of case numbers, fetched before a phase's clock starts. */
export async function prefetchTokens(tokens: Tokens, from: number, count: number): Promise<void> {
  const users = [...new Set(Array.from({ length: count }, (_, k) => MIX[(from + k) % MIX.length]!.applicant(from + k)))];
  await pool(users, 8, async (u) => {
    await tokens.get(u);
  });
}

/** Both of the above: what a phase does before it submits case numbers [from, from + count). */
export async function prepareApplicants(databaseUrl: string, tokens: Tokens, from: number, count: number): Promise<void> {
  await ensureApplicants(databaseUrl, from, count);
  await prefetchTokens(tokens, from, count);
}
