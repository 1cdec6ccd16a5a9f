import { execFileSync } from 'node:child_process';
import { fromCaseViewJson, type CaseViewJson } from './case-read';

/** What PostgreSQL sends for a case (timestamp columns hold UTC and are written with no zone). */
const sent: CaseViewJson = {
  id: 'case-1',
  reference: 'SZ-2026-000001',
  status: 'approved',
  packId: 'shenzhen-ai-2024',
  packVersion: 1,
  jurisdictionId: 'shenzhen',
  measureCode: 'm2',
  subtypeCode: 'm2',
  organisationId: 'org-lingxi',
  submittedById: 'applicant-lingxi',
  workflowId: 'case:case-1',
  form: {},
  applicant: null,
  assessment: null,
  state: null,
  stateVersion: null,
  computedAwardFen: '9007199254740993',
  approvedAwardFen: null,
  decisionReason: null,
  doubleBenefit: false,
  submittedAt: '2026-12-07T15:55:01.671',
  decidedAt: '2026-12-08T01:00:00',
  budgetYear: 2026,
  events: [{ eventKey: 'submitted', type: 'case.submitted', version: 1, actorId: 'applicant-lingxi', data: {}, at: '2026-12-07T15:55:01.671' }],
  paymentOrders: [{ id: 'po-1', funder: 'city', amountFen: '12345678901234567', status: 'issued', createdAt: '2026-12-08T01:00:00.5', settledAt: null }],
  ledger: [{ funder: 'city', amountFen: '-100', reason: 'recovered', at: '2026-12-09T02:03:04.005+00:00' }],
  documents: [
    {
      field: 'invoice',
      organisationId: 'org-lingxi',
      id: 'doc-1',
      uploadedById: 'applicant-lingxi',
      name: 'invoice.pdf',
      contentType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'ab',
      createdAt: '2026-12-06T23:59:59.999',
    },
  ],
};

/**
 * Decodes `sent` in a Node process whose zone is Shanghai's (a server in the city it serves: local time
 * eight hours ahead of what the columns hold). Jest's process.env is a copy, so the zone cannot be
 * changed inside the test's own process.
 */
function decodedInShanghai(): { local: string; times: string[] } {
  const script = `
    const { fromCaseViewJson } = require(${JSON.stringify(require.resolve('./case-read'))});
    const c = fromCaseViewJson(JSON.parse(process.argv[1]));
    const times = [c.submittedAt, c.decidedAt, c.events[0].at, c.paymentOrders[0].createdAt, c.ledger[0].at, c.documents[0].createdAt];
    process.stdout.write(JSON.stringify({ local: new Date('2026-12-07T15:55:01.671').toISOString(), times: times.map((t) => t.toISOString()) }));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, JSON.stringify(sent)], {
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { local: string; times: string[] };
}

describe('a case read as one JSON object', () => {
  it('reads every timestamp as the UTC instant the column holds, whatever the process’s zone', () => {
    const { local, times } = decodedInShanghai();
    // The zone took: a time with no zone would be read eight hours early.
    expect(local).toBe('2026-12-07T07:55:01.671Z');
    expect(times).toEqual([
      '2026-12-07T15:55:01.671Z',
      '2026-12-08T01:00:00.000Z',
      '2026-12-07T15:55:01.671Z',
      '2026-12-08T01:00:00.500Z',
      '2026-12-09T02:03:04.005Z',
      '2026-12-06T23:59:59.999Z',
    ]);
    expect(fromCaseViewJson(sent).paymentOrders[0]!.settledAt).toBeNull();
  });

  it('keeps every digit of an amount in fen', () => {
    const c = fromCaseViewJson(sent);
    expect(c.computedAwardFen).toBe(9007199254740993n);
    expect(c.approvedAwardFen).toBeNull();
    expect(c.paymentOrders[0]!.amountFen).toBe(12345678901234567n);
    expect(c.ledger[0]!.amountFen).toBe(-100n);
  });
});
