import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import { repoRoot } from '../../src/config/paths';
import type { SpanRecord } from '../support/traced-submission';

/**
 * One submission's trace, end to end: the HTTP request's span, the Temporal client's workflow start
 * under it, the workflow, the assessment activity under that, and the activity's SQL under the
 * activity, all in one trace. The service runs in a process of its own with an in-memory exporter
 * (test/support/traced-submission.ts): Node's own module loader, which the instrumentations patch.
 */
describe('a submission traced from the HTTP request to the SQL of its assessment', () => {
  let spans: SpanRecord[];
  const dir = mkdtempSync(join(tmpdir(), 'trace-'));
  beforeAll(async () => {
    const out = join(dir, 'spans.json');
    await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/support/traced-submission.ts', out], {
      cwd: repoRoot(),
      env: { ...process.env, NODE_ENV: 'test' },
      timeout: 280_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    spans = JSON.parse(readFileSync(out, 'utf8')) as SpanRecord[];
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const byId = (): Map<string, SpanRecord> => new Map(spans.map((s) => [s.spanId, s]));
  /** The span's ancestors, nearest first, as far as the recorded spans reach. */
  const ancestors = (span: SpanRecord): SpanRecord[] => {
    const ids = byId();
    const chain: SpanRecord[] = [];
    for (let p = span.parentSpanId ? ids.get(span.parentSpanId) : undefined; p; p = p.parentSpanId ? ids.get(p.parentSpanId) : undefined) chain.push(p);
    return chain;
  };
  const one = (what: string, match: (s: SpanRecord) => boolean): SpanRecord => {
    const found = spans.filter(match);
    if (found.length !== 1) throw new Error(`${found.length} spans of ${what}; recorded: ${spans.map((s) => s.name).join(', ')}`);
    return found[0]!;
  };

  it('links the HTTP span, the workflow start, the assessment activity and its SQL in one trace', () => {
    const http = one(
      'the submission request',
      (s) => s.kind === SpanKind.SERVER && s.attributes['http.method'] === 'POST' && s.attributes['http.target'] === '/cases',
    );
    const start = one('the workflow start', (s) => s.name.startsWith('StartWorkflow:') && s.traceId === http.traceId);
    const workflow = one('the case workflow', (s) => s.name === `RunWorkflow:${start.name.slice('StartWorkflow:'.length)}`);
    const activity = one('the assessment activity', (s) => s.name === 'RunActivity:assessCase');
    const sql = spans.filter((s) => s.scope.includes('instrumentation-pg') && ancestors(s).includes(activity));

    for (const s of [start, workflow, activity, ...sql]) expect(s.traceId).toBe(http.traceId);
    expect(ancestors(start)).toContain(http);
    expect(ancestors(workflow)).toContain(start);
    expect(ancestors(activity)).toEqual(expect.arrayContaining([workflow, start, http]));
    // The assessment reads and writes the case: its statements are its children, with their SQL text.
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.some((s) => /\b(?:SELECT|INSERT|UPDATE)\b/i.test(String(s.attributes['db.statement'] ?? '')))).toBe(true);
  });

  it('puts the Nest handler between the HTTP span and the workflow start', () => {
    const http = one('the submission request', (s) => s.kind === SpanKind.SERVER && s.attributes['http.target'] === '/cases');
    const start = one('the workflow start', (s) => s.name.startsWith('StartWorkflow:') && s.traceId === http.traceId);
    expect(ancestors(start).some((s) => s.scope.includes('nestjs-core'))).toBe(true);
    expect(http.attributes['http.route']).toBe('/cases');
  });
});
