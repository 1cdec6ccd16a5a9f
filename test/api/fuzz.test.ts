import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { startApiApp, type ApiApp } from '../support/api-app';
import { SHENZHEN } from '../support/fixtures';

jest.setTimeout(120_000);

type Param = { name: string; in: 'path' | 'query' | 'header'; schema?: { format?: string; type?: string; pattern?: string } };
type Operation = {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  responses: Record<string, unknown>;
};
type Doc = { paths: Record<string, Record<string, Operation>> };

// Every generated request carries at least one element no route accepts, so every answer must be a
// 4xx (never a 5xx, never a 2xx), documented for its operation, and nothing may be stored.
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f'];
const SURROGATES = ['\ud800', '\udbff\u0041', '\udfff'];
const INJECTION = [
  "' OR 1=1 --",
  '"; DROP TABLE applications; --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00',
  '\\u0000',
  '__proto__',
  'constructor',
  'NaN',
  '1e309',
  '\u202egnp.exe',
  '\ufeff',
  '深圳😀',
];
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...INJECTION));
/** Text with a control character somewhere: refused everywhere, in a URL as in a body. */
const urlPoison = fc.tuple(text, fc.constantFrom(...CONTROL), text).map(([a, p, b]) => a + p + b);
/** In a JSON body, unpaired surrogates too (a URL cannot carry them: they are not UTF-8). */
const jsonPoison = fc.tuple(text, fc.constantFrom(...CONTROL, ...SURROGATES), text).map(([a, p, b]) => a + p + b);
// Lone surrogates survive in the JSON text as \u escapes, as a hostile client would send them.
const jsonString = (s: string): string => JSON.stringify(s).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** A raw JSON value that no field of any route accepts. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  jsonPoison.map(jsonString),
  fc.constantFrom('1e309', '-1e309', '123456789012345678901234567890', '1.5e-400', '-0', '0.1', '9007199254740993', 'true', 'false', 'null', '{}'),
  fc.integer({ min: 33, max: 3000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  fc.integer({ min: 33, max: 3000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => `[${Array(n).fill('0').join(',')}]`),
  fc.constantFrom('{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '{"a":1,"a":2}', `{${jsonString('k\u0000')}:1}`),
  fc.integer({ min: 1, max: 40 }).map((n) => `[${Array(n).fill('{"x":"\\u0000"}').join(',')}]`),
  fc.integer({ min: 270_000, max: 400_000 }).map((n) => JSON.stringify('a'.repeat(n))),
);

/** A whole body no route accepts. */
const hostileBody = (fields: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...fields, 'unexpected', '__proto__', 'constructor'), hostileValue).map(([k, v]) => `{${JSON.stringify(k)}:${v}}`),
    fc.tuple(fc.constantFrom(...fields, 'x'), text).map(([k, v]) => `{${JSON.stringify(k)}:${JSON.stringify(v)},${JSON.stringify(k)}:${JSON.stringify(v)}}`),
    fc.tuple(text, hostileValue).map(([k, v]) => `{"unknown_${JSON.stringify(k).slice(1, -1)}":${v}}`),
    hostileValue.filter((v) => !v.startsWith('{')),
    fc.constantFrom(' ', '{', '{"a":', '[1,2', '{"a" 1}', "{'a':1}", '{"a":1}}', 'nul', '\u0000', '{"a":"\\x00"}', '{"a":"\\ud800"}'),
  );

// Dates and instants that cannot be right: off the calendar, year 0, out of any sane range, no offset.
const BAD_DATES = ['2024-13-01', '2024-02-30', '0000-01-01', '9999-12-31', '2024-00-10', '1899-12-31', '+020240-01-01', '2024-1-1'];
const BAD_INSTANTS = [
  '2024-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2024-02-30T00:00:00+08:00',
  '9999-12-31T23:59:59Z',
  '2024-01-01T25:00:00Z',
  '2024-01-01T00:00:00',
  '2024-01-01T00:00:00+24:00',
  '-271821-04-20T00:00:00Z',
];
const DATE_NAME = /^(from|to)$|From$|To$|At$|On$/;
const isNumeric = (schema: { type?: string; pattern?: string } | undefined): boolean =>
  schema?.type === 'integer' || schema?.type === 'number' || (schema?.pattern ?? '').includes('[0-9]');
/** A date or instant no field takes. */
const badDate = fc.constantFrom(...BAD_DATES, ...BAD_INSTANTS);
/** Whole numbers and amounts no field takes: negative, fractional, exponent, hex, too large, padded, empty. */
const badNumber = fc.oneof(
  fc.constantFrom('-1', '-0', '1.5', '1e3', '0x10', ' 7', '7 ', '', '99999999999999999999', '１２', 'Infinity', 'NaN'),
  fc.bigInt({ min: 10n ** 19n, max: 10n ** 30n }).map(String),
  fc.integer({ max: -1 }).map(String),
);
/** As a JSON value: a number where a string of fen is expected, a string of an impossible amount, or an impossible date. */
const badJsonValue = fc.oneof(
  badNumber.map((n) => JSON.stringify(n)),
  fc.constantFrom('-1', '0.5', '1e400', '-0'),
  badDate.map((d) => JSON.stringify(d)),
);

describe('fuzzing every endpoint with hostile input', () => {
  let api: ApiApp;
  let base = '';
  let doc: Doc;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const stored = async (): Promise<Record<string, number>> => ({
    applications: await api.prisma.case.count(),
    events: await api.prisma.caseEventRow.count(),
    tasks: await api.prisma.reviewTask.count(),
    conflicts: await api.prisma.conflictDeclaration.count(),
    incidents: await api.prisma.incident.count(),
    ledger: await api.prisma.ledgerEntry.count(),
    orders: await api.prisma.paymentOrder.count(),
    notices: await api.prisma.notice.count(),
    audit: await api.prisma.auditLog.count(),
    documents: await api.prisma.document.count(),
    starts: api.temporal.starts.length,
    updates: api.temporal.updates.length,
  });

  beforeAll(async () => {
    api = await startApiApp({ APP_ENV: 'development', DEV_TOKENS: 'true' });
    ids.id = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: {},
      status: 'in_review',
    });
    ids.taskId = randomUUID();
    await api.prisma.reviewTask.create({
      data: {
        id: ids.taskId,
        caseId: ids.id,
        bureauCode: 'stic',
        stage: 'review',
        status: 'claimed',
        assigneeId: 'officer-stic',
        createdAt: new Date(),
      },
    });
    Object.assign(ids, { jobId: randomUUID(), packId: SHENZHEN, measureCode: 'm2', subtypeCode: 'm2', workflowId: `case:${ids.id}` });
    for (const u of ['applicant-lingxi', 'officer-stic', 'supervisor-stic', 'admin']) tokens[u] = api.tokenFor(u);
    const server = api.app.getHttpServer() as Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    doc = (await (await fetch(`${base}/docs/openapi.json`)).json()) as Doc;
  });
  afterAll(async () => {
    await api?.close();
  });

  const userFor = (path: string): string =>
    path.startsWith('/admin') ? 'admin' : path.startsWith('/cases') ? 'applicant-lingxi' : path.startsWith('/tasks') ? 'supervisor-stic' : 'officer-stic';

  type Mutation =
    | { kind: 'path'; param: string; value: string }
    | { kind: 'query'; name: string; values: string[] }
    | { kind: 'body'; text: string; contentType: string }
    | { kind: 'header'; name: string; value: string };

  function mutations(path: string, op: Operation): fc.Arbitrary<Mutation> {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name);
    const fields = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
    const options: fc.Arbitrary<Mutation>[] = [
      // An unknown query parameter, or a documented one with a value none accepts, or given twice.
      fc
        .tuple(fc.constantFrom(...queryNames, 'unknown', '__proto__', 'limit[$gt]'), fc.array(urlPoison, { minLength: 1, maxLength: 3 }))
        .map(([name, values]) => ({ kind: 'query' as const, name, values })),
    ];
    if (queryNames.length > 0) {
      options.push(fc.tuple(fc.constantFrom(...queryNames), text, text).map(([name, a, b]) => ({ kind: 'query' as const, name, values: [`${a}\u0000`, b] })));
    }
    for (const p of pathParams) {
      const wrong =
        p.schema?.format === 'uuid'
          ? fc.oneof(
              urlPoison,
              text.filter((t) => t.length > 0),
              fc.constant(`${randomUUID()}x`),
            )
          : urlPoison;
      options.push(wrong.map((value) => ({ kind: 'path' as const, param: p.name, value })));
      options.push(fc.integer({ min: 1001, max: 5000 }).map((n) => ({ kind: 'path' as const, param: p.name, value: 'a'.repeat(n) })));
    }
    if (op.requestBody) {
      options.push(
        fc
          .tuple(hostileBody(fields.length > 0 ? fields : ['x']), fc.constantFrom('application/json', 'application/json; charset=utf-8'))
          .map(([t, contentType]) => ({ kind: 'body' as const, text: t, contentType })),
      );
      options.push(
        fc
          .tuple(
            fc.constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/xml',
              'multipart/form-data; boundary=x',
              'application/json; charset=utf-16',
            ),
            text,
          )
          .map(([contentType, t]) => ({ kind: 'body' as const, text: `{"x":${JSON.stringify(t)}}`, contentType })),
      );
    }
    if (path === '/cases' && op.requestBody) {
      // Values a header can carry but the key's pattern refuses.
      const key = fc.oneof(
        fc.constantFrom('<script>', 'a b', "' OR 1=1 --", '%00', '../x', 'k\t1', 'x'.repeat(129)),
        fc.string({ minLength: 1, maxLength: 20 }).map((t) => `${t.replace(/[^\x21-\x7e]/g, '')}!`),
      );
      options.push(key.map((value) => ({ kind: 'header' as const, name: 'idempotency-key', value })));
    }
    return fc.oneof(...options);
  }

  // A URL carries UTF-8, which has no unpaired surrogates: they go as U+FFFD, as a browser sends them.
  const encode = (s: string): string => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

  async function send(method: string, path: string, m: Mutation): Promise<number> {
    const url = path.replace(/\{(\w+)\}/g, (_all, name: string) => encode(m.kind === 'path' && m.param === name ? m.value : (ids[name] ?? 'x')));
    const query = m.kind === 'query' ? `?${m.values.map((v) => `${encode(m.name)}=${encode(v)}`).join('&')}` : '';
    const headers: Record<string, string> = { authorization: `Bearer ${tokens[userFor(path)]}` };
    let body: Buffer | undefined;
    if (m.kind === 'body') {
      headers['content-type'] = m.contentType;
      body = Buffer.from(m.text, 'utf8');
    }
    if (m.kind === 'header') {
      headers[m.name] = m.value;
      headers['content-type'] = 'application/json';
      body = Buffer.from('{}');
    }
    const res = await fetch(`${base}${url}${query}`, { method: method.toUpperCase(), headers, body });
    await res.arrayBuffer();
    return res.status;
  }

  /**
   * Every operation as every role (and no one), with generators aimed at the refusals a single bad
   * value must get: impossible dates and numbers in the operation's own query parameters and body
   * fields, and signed tokens whose claims are impossible. Every answer is a documented 4xx.
   */
  it('answers every operation, as every role, with a documented 4xx for impossible dates, numbers and token claims', async () => {
    const roles = [null, 'applicant-lingxi', 'officer-stic', 'supervisor-stic', 'finance-city', 'admin'] as const;
    const secret = 'test-secret-test-secret-test-secret-0123';
    const badTokens = [
      jwt.sign({ sub: 'admin\u0000' }, secret, { issuer: 'ai-pioneer-subsidies', expiresIn: 600 }),
      jwt.sign({ sub: 'ad\u001bmin' }, secret, { issuer: 'ai-pioneer-subsidies', expiresIn: 600 }),
      jwt.sign({ sub: 'admin', exp: 1e20 }, secret, { issuer: 'ai-pioneer-subsidies' }),
      jwt.sign({ sub: 'admin', iat: -62167219200, exp: 4102444800 }, secret, { issuer: 'ai-pioneer-subsidies' }),
      jwt.sign({ sub: 'admin' }, secret, { issuer: 'ai-pioneer-subsidies', noTimestamp: true }),
      jwt.sign({ sub: 'x'.repeat(300) }, secret, { issuer: 'ai-pioneer-subsidies', expiresIn: 600 }),
    ];
    for (const u of roles) if (u) tokens[u] ??= api.tokenFor(u);
    const before = await stored();
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    const undocumented: string[] = [];
    const seen = new Map<string, number>();
    let total = 0;
    let exercised = 0;
    const skipped: string[] = [];
    // Collected rather than thrown, so one run names every operation that answers wrongly.
    const fails: string[] = [];
    for (const { path, method, op } of ops) {
      const params = op.parameters ?? [];
      // Only the parameters and fields that hold a date or a number: any other text might be a valid value.
      const query = params.filter((p) => p.in === 'query' && (DATE_NAME.test(p.name) || isNumeric(p.schema))).map((p) => p.name);
      const props = (op.requestBody?.content?.['application/json']?.schema?.properties ?? {}) as Record<string, { type?: string; pattern?: string }>;
      const fields = Object.keys(props).filter((f) => DATE_NAME.test(f) || /Fen$|Months$/.test(f) || isNumeric(props[f]));
      const options: fc.Arbitrary<{ query: string; body: string | null; token: string | null }>[] = [];
      // A public route reads no token; every other one refuses these (admin routes as if absent).
      if (op.responses['401'] || path.startsWith('/admin'))
        options.push(fc.constantFrom(...badTokens).map((token) => ({ query: '', body: op.requestBody ? '{}' : null, token })));
      if (query.length > 0) {
        options.push(
          fc
            .tuple(fc.constantFrom(...query), fc.oneof(badDate, badNumber))
            .map(([name, v]) => ({ query: `?${encodeURIComponent(name)}=${encodeURIComponent(v)}`, body: op.requestBody ? '{}' : null, token: null })),
        );
      }
      if (fields.length > 0) {
        options.push(
          fc.tuple(fc.constantFrom(...fields), badJsonValue, fc.constantFrom(...fields), badJsonValue).map(([a, va, b, vb]) => ({
            query: '',
            body: a === b ? `{${JSON.stringify(a)}:${va}}` : `{${JSON.stringify(a)}:${va},${JSON.stringify(b)}:${vb}}`,
            token: null,
          })),
        );
      }
      if (options.length === 0) {
        skipped.push(`${method.toUpperCase()} ${path}`); // a route without input: nothing can be wrong
        continue;
      }
      exercised++;
      for (const user of roles) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(...options), async (m) => {
            const url = path.replace(/\{(\w+)\}/g, (_all, name: string) => encodeURIComponent(ids[name] ?? 'x'));
            const bearer = m.token ?? (user ? tokens[user] : undefined);
            const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
            if (m.body !== null) headers['content-type'] = 'application/json';
            const res = await fetch(`${base}${url}${m.query}`, { method: method.toUpperCase(), headers, body: m.body ?? undefined });
            await res.arrayBuffer();
            total++;
            seen.set(String(res.status), (seen.get(String(res.status)) ?? 0) + 1);
            if (!op.responses[String(res.status)])
              undocumented.push(`${method.toUpperCase()} ${path} as ${user ?? 'no one'} → ${res.status} for ${JSON.stringify(m).slice(0, 200)}`);
            if (res.status < 400 || res.status >= 500)
              fails.push(`${method.toUpperCase()} ${path} as ${user ?? 'no one'} → ${res.status} for ${JSON.stringify(m).slice(0, 200)}`);
            return true;
          }),
          { numRuns: 6 },
        );
      }
    }
    expect(fails.slice(0, 10)).toEqual([]);
    // All but the routes with no date or number to get wrong (health, the catalog's reads, the dev token's user id).
    expect(skipped.sort()).toEqual([
      'GET /catalog/packs',
      'GET /catalog/packs/{packId}',
      'GET /catalog/packs/{packId}/status',
      'GET /catalog/words',
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'POST /auth/dev-token',
    ]);
    expect(exercised).toBe(ops.length - skipped.length);
    expect(total).toBe(exercised * roles.length * 6);
    expect([...new Set(undocumented.map((u) => u.split(' for ')[0]))]).toEqual([]);
    expect(await stored()).toEqual(before);
    // Not vacuous: the values reach the schemas (400) and the token check (401) alike.
    expect(seen.get('400')).toBeGreaterThan(100);
    expect(seen.get('401')).toBeGreaterThan(100);
  });

  it('answers thousands of hostile requests with documented 4xx statuses and stores nothing', async () => {
    const before = await stored();
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThanOrEqual(25);
    const runs = Math.ceil(3000 / ops.length);
    const seen = new Map<string, number>();
    const undocumented: string[] = [];
    let total = 0;
    for (const { path, method, op } of ops) {
      await fc.assert(
        fc.asyncProperty(mutations(path, op), async (m) => {
          const status = await send(method, path, m);
          total++;
          seen.set(String(status), (seen.get(String(status)) ?? 0) + 1);
          if (!op.responses[String(status)]) undocumented.push(`${method.toUpperCase()} ${path} → ${status} for ${JSON.stringify(m).slice(0, 200)}`);
          return status >= 400 && status < 500;
        }),
        // A fresh seed each run (fast-check prints it with any counterexample, to replay it).
        { numRuns: runs },
      );
    }
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(undocumented.slice(0, 10)).toEqual([]);
    expect(await stored()).toEqual(before);
    // Not vacuous: the refusals come from the parser and the schemas alike.
    expect(seen.get('400')).toBeGreaterThan(1000);
    expect(seen.get('413')).toBeGreaterThan(0);
    expect(seen.get('415')).toBeGreaterThan(0);
  });
});
