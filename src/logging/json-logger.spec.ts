import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger } from './json-logger';
import { caseIdOf, temporalLogger } from './worker-logging';

describe('JsonLogger', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'json-logger-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (): Record<string, unknown>[] =>
    readFileSync(join(dir, 'api.log'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON object per line with level, msg and context, from the configured level up', () => {
    const log = new JsonLogger({ name: 'api', level: 'warn', dir, stdout: false });
    log.log('started', 'API');
    log.debug('details', 'API');
    log.warn('slow', 'HTTP');
    log.error('broke', 'Error: broke\n    at somewhere (x.ts:1:1)', 'Cases');
    expect(lines()).toEqual([
      { time: expect.any(String), level: 'warn', msg: 'slow', context: 'HTTP' },
      { time: expect.any(String), level: 'error', msg: 'broke', context: 'Cases', stack: 'Error: broke\n    at somewhere (x.ts:1:1)' },
    ]);
  });

  it('masks tokens, URL passwords and the configured secrets, and drops credential and form fields', () => {
    const secret = 'super-secret-signing-key-0123456789';
    const log = new JsonLogger({ name: 'api', level: 'debug', dir, stdout: false, secrets: [secret] });
    log.log(`header Bearer abc.def.ghi and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl`, 'HTTP');
    log.warn(`cannot reach postgresql://svc:hunter2-pass@db:5432/app with key ${secret}`, 'Database');
    log.log({ msg: 'request', form: { contractNumber: 'C-1' }, taskToken: 'abc', platformName: 'kept' }, 'HTTP');
    const text = readFileSync(join(dir, 'api.log'), 'utf8');
    for (const leaked of ['abc.def.ghi', 'eyJhbGciOiJIUzI1NiJ9', 'hunter2-pass', secret, 'C-1', 'taskToken']) expect(text).not.toContain(leaked);
    expect(lines().map((l) => l.msg)).toEqual([
      'header Bearer [redacted] and [redacted token]',
      'cannot reach postgresql://svc:***@db:5432/app with key [redacted]',
      'request',
    ]);
    expect(lines()[2]).toMatchObject({ platformName: 'kept' });
  });

  it('adds the context of its sources, and the Temporal SDK lines name their workflow and case', () => {
    const log = new JsonLogger({ name: 'api', level: 'info', dir, stdout: false });
    log.addContextSource(() => ({ workflowId: 'case:c-1', caseId: 'c-1' }));
    log.log('in an activity', 'Intake');
    const sdk = temporalLogger(new JsonLogger({ name: 'api', level: 'info', dir, stdout: false }));
    sdk.warn('activity failed', { workflowId: 'award:c-2', activityType: 'issueOrders', taskToken: 'secret-ish', sdkComponent: 'activity' });
    sdk.info('worker state changed', { sdkComponent: 'worker' });
    expect(lines()).toEqual([
      { time: expect.any(String), level: 'info', msg: 'in an activity', context: 'Intake', workflowId: 'case:c-1', caseId: 'c-1' },
      {
        time: expect.any(String),
        level: 'warn',
        msg: 'activity failed',
        context: 'Temporal',
        workflowId: 'award:c-2',
        activityType: 'issueOrders',
        sdkComponent: 'activity',
        caseId: 'c-2',
      },
    ]);
    expect(caseIdOf('intake:shenzhen')).toBeUndefined();
  });
});
