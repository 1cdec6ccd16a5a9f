import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalCliPath, temporalTestServerPath } from '../../src/stack/tools';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';

// Both servers come from .tools/ (installed by `npm ci`); the SDK's own download is never used.

/**
 * The Java test server: timers fire as soon as the workflows are idle, so days pass in milliseconds.
 * It takes no registration flags, so the service's search attributes are added once it runs.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type) ?? 0])),
  });
  return env;
}

/** A real Temporal dev server (in memory, random port) with the service's search attributes registered. */
export function createLocalEnv(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: [...SEARCH_ATTRIBUTES],
      extraArgs,
    },
  });
}
