import { randomUUID } from 'node:crypto';
import { TypedSearchAttributes, type Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalCliPath, temporalTestServerPath } from '../../src/stack/tools';
import { SEARCH_ATTRIBUTES, SearchAttributeKeys } from '../../src/temporal/search-attributes';
import { createLocalEnv, createTimeSkippingEnv } from '../support/temporal';
import { pingWorkflow } from '../support/workflows/ping.workflow';

/** Both Temporal servers start from the binaries pinned in .tools/ and run a workflow end to end. */
describe('Temporal servers from the pinned local binaries', () => {
  // ERROR, not WARN: a workflow-only worker warns that it polls no activities.
  const quiet = new DefaultLogger('ERROR');
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    Runtime.install({ logger: quiet });
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../support/workflows/ping.workflow'), logger: quiet });
  }, 60_000);

  async function ping(
    env: TestWorkflowEnvironment,
    delay: Duration,
    searchAttributes?: TypedSearchAttributes,
  ): Promise<{ result: string; workflowId: string }> {
    const taskQueue = `ping-${randomUUID()}`;
    const workflowId = `ping:${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: bundle });
    const result = await worker.runUntil(
      env.client.workflow.execute(pingWorkflow, { taskQueue, workflowId, args: ['ping', delay], typedSearchAttributes: searchAttributes }),
    );
    return { result, workflowId };
  }

  it('the time-skipping test server skips a 30-day timer', async () => {
    const env = await createTimeSkippingEnv();
    try {
      const startedAt = Date.now();
      const { result } = await ping(env, '30 days');
      expect(result).toBe('pong ping');
      expect(Date.now() - startedAt).toBeLessThan(20_000);
    } finally {
      await env.teardown();
    }
    expect(temporalTestServerPath()).toContain('.tools');
  }, 60_000);

  it('the dev server registers our search attributes and indexes a workflow by them', async () => {
    const env = await createLocalEnv();
    try {
      const namespace = env.namespace ?? 'default';
      const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace });
      expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(SEARCH_ATTRIBUTES.map((k) => k.name)));

      const attributes = new TypedSearchAttributes([
        { key: SearchAttributeKeys.CaseStatus, value: 'submitted' },
        { key: SearchAttributeKeys.BureauCodes, value: ['sz:industry', 'sz:science'] },
      ]);
      const { result, workflowId } = await ping(env, '10 ms', attributes);
      expect(result).toBe('pong ping');
      const described = await env.client.workflow.getHandle(workflowId).describe();
      expect(described.typedSearchAttributes.get(SearchAttributeKeys.CaseStatus)).toBe('submitted');
      expect(described.typedSearchAttributes.get(SearchAttributeKeys.BureauCodes)).toEqual(['sz:industry', 'sz:science']);
    } finally {
      await env.teardown();
    }
    expect(temporalCliPath()).toContain('.tools');
  }, 60_000);
});
