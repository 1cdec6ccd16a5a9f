/*
 * One submission through the whole service with tracing on, in a process of its own: the
 * instrumentations patch http, Express, Nest and pg as Node's require loads them, which Jest's module
 * registry bypasses. Spans go to an in-memory exporter; the finished spans are written as JSON to the
 * file named by the first argument. Run by test/integration/tracing.test.ts through ts-node.
 */
import { writeFileSync } from 'node:fs';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { flushTracing } from '../../src/observability/tracing';
import { startTracing } from '../../src/observability/tracing-sdk';

export interface SpanRecord {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  scope: string;
  attributes: Record<string, unknown>;
}

async function main(out: string): Promise<void> {
  const exporter = new InMemorySpanExporter();
  startTracing({ serviceName: 'subsidies-test', exporter, batch: false });
  // Loaded only now, so that every module they require is patched.
  const { startBrowserStack } = await import('../browser/stack');
  const { m2Submission } = await import('./fixtures');
  const { seedFixtureDocuments } = await import('./documents');
  const { approveUntilFinal, waitForAssessment } = await import('./approve');
  const { TokenService } = await import('../../src/auth/token.service');
  const { loadConfig } = await import('../../src/config/config');
  const { default: supertest } = await import('supertest');
  const { PrismaService } = await import('../../src/database/prisma.service');
  const stack = await startBrowserStack();
  try {
    // The evidence files the fixture's form names (startBrowserStack pointed DATABASE_URL at its database).
    const prisma = new PrismaService(process.env.DATABASE_URL!);
    await seedFixtureDocuments(prisma);
    await prisma.$disconnect();
    // Signed as the API signs them (the stack's JWT_SECRET in the environment).
    const tokens = new TokenService(loadConfig());
    const actor = { http: supertest(stack.url), tokenFor: (user: string) => tokens.sign(user).token };
    const submitted = await actor.http
      .post('/cases')
      .set({ Authorization: `Bearer ${actor.tokenFor('applicant-lingxi')}` })
      .send(m2Submission());
    if (submitted.status !== 201) throw new Error(`POST /cases: ${submitted.status} ${submitted.text}`);
    const { id } = submitted.body as { id: string };
    await waitForAssessment(actor, 'applicant-lingxi', id);
    // The workflow's own span ends (and leaves its sandbox through a sink) when the case closes.
    await approveUntilFinal(actor, 'applicant-lingxi', id);
    const until = Date.now() + 30_000;
    while (!exporter.getFinishedSpans().some((s) => s.name === 'RunWorkflow:caseWorkflow') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await flushTracing();
    await stack.close();
  }
  const spans: SpanRecord[] = exporter.getFinishedSpans().map((s) => ({
    name: s.name,
    kind: s.kind,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanId ?? null,
    scope: s.instrumentationLibrary.name,
    attributes: { ...s.attributes },
  }));
  writeFileSync(out, JSON.stringify(spans, null, 1));
}

main(process.argv[2]!).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
