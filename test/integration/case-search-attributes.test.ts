import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporalCliPath } from '../../src/stack/tools';
import { SearchAttributeKeys } from '../../src/temporal/search-attributes';
import { eventually, startHarness, type Harness } from '../support/harness';
import { approveUntilFinal } from '../support/approve';
import { m10Submission, m2Submission, m2Form } from '../support/fixtures';
import { TestSmtpServer } from '../support/smtp';

const run = promisify(execFile);

/**
 * What an operator types: the pinned Temporal CLI against a dev server, listing cases by the search
 * attributes every case workflow upserts.
 */
describe('finding cases with temporal workflow list', () => {
  let h: Harness;
  const cases: { id: string; reference: string; measure: string }[] = [];
  // With email on, each notice has its delivery workflow, listed with the case's (without, it has none).
  const smtp = new TestSmtpServer();

  const list = async (query: string): Promise<{ execution: { workflowId: string } }[]> => {
    const { stdout } = await run(temporalCliPath(), [
      'workflow',
      'list',
      '--address',
      h.env.address,
      '--namespace',
      h.env.namespace ?? 'default',
      '--query',
      query,
      '--output',
      'json',
    ]);
    return stdout.trim() === '' ? [] : (JSON.parse(stdout) as { execution: { workflowId: string } }[]);
  };
  const ids = (rows: { execution: { workflowId: string } }[]): string[] => rows.map((r) => r.execution.workflowId).sort();

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    h = await startHarness();
    const submissions = [
      { user: 'applicant-lingxi', body: m2Submission(), measure: 'm2' },
      { user: 'applicant-pengcheng', body: { ...m2Submission(), form: m2Form({ contractNumber: 'PCL-2025-0099' }) }, measure: 'm2' },
      { user: 'applicant-lingxi', body: m10Submission(), measure: 'm10' },
    ];
    for (const s of submissions) {
      const res = await h.http.post('/cases').set(h.auth(s.user)).send(s.body);
      expect(res.status).toBe(201);
      const { id, reference } = res.body as { id: string; reference: string };
      cases.push({ id, reference, measure: s.measure });
    }
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await h?.close();
    await smtp.stop();
  });

  it('finds exactly the measure-2 cases with MeasureCode=m2', async () => {
    const m2 = cases.filter((c) => c.measure === 'm2').map((c) => `case:${c.id}`);
    // Visibility follows the upsert a moment later; the query is retried until every case is assessed.
    const found = await eventually(
      async () => {
        const all = await list(`WorkflowType='caseWorkflow' AND MeasureCode IS NOT NULL`);
        return all.length === cases.length ? ids(await list(`MeasureCode='m2'`)) : undefined;
      },
      30_000,
      'every case indexed',
    );
    expect(found).toEqual(m2.sort());
  });

  it('finds one case by its CaseReference and by its CaseId', async () => {
    const c = cases[2]!;
    expect(ids(await list(`CaseReference='${c.reference}'`))).toEqual([`case:${c.id}`]);
    expect(ids(await list(`CaseId='${c.id}'`))).toEqual([`case:${c.id}`]);
    const described = await h.env.client.workflow.getHandle(`case:${c.id}`).describe();
    expect(described.typedSearchAttributes.get(SearchAttributeKeys.CaseReference)).toBe(c.reference);
    expect(described.typedSearchAttributes.get(SearchAttributeKeys.MeasureCode)).toBe('m10');
  });

  it('lists a case with all the workflows that serve it by CaseId, while MeasureCode still lists only cases', async () => {
    const c = cases[0]!;
    await approveUntilFinal(h, 'applicant-lingxi', c.id);
    type Row = { execution: { workflowId: string }; type: { name: string } };
    const rows = await eventually(
      async () => {
        const found = (await list(`CaseId='${c.id}'`)) as Row[];
        const types = new Set(found.map((r) => r.type.name));
        return types.has('awardWorkflow') && types.has('noticeWorkflow') ? found : undefined;
      },
      30_000,
      'the award and notice workflows indexed',
    );
    expect(ids(rows)).toEqual(expect.arrayContaining([`case:${c.id}`, `award:${c.id}`]));
    expect(rows.filter((r) => r.type.name === 'caseWorkflow').map((r) => r.execution.workflowId)).toEqual([`case:${c.id}`]);
    expect(ids(await list(`CaseReference='${c.reference}' AND WorkflowType='awardWorkflow'`))).toEqual([`award:${c.id}`]);
    const award = await h.env.client.workflow.getHandle(`award:${c.id}`).describe();
    expect(award.typedSearchAttributes.get(SearchAttributeKeys.OrganisationId)).toBe('org-lingxi');
    expect(award.typedSearchAttributes.get(SearchAttributeKeys.MeasureCode)).toBeUndefined();
    const m2 = cases.filter((x) => x.measure === 'm2').map((x) => `case:${x.id}`);
    expect(ids(await list(`MeasureCode='m2'`))).toEqual(m2.sort());
  });
});
