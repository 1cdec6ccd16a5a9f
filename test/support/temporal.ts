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

/**
 * `env.sleep(ms)` that still skips time once a workflow has closed with children it started.
 *
 * The Java test server leaks time-skipping locks when a parent closes before an ABANDON child
 * (temporalio/sdk-typescript#1101, temporalio/sdk-java#2392): each such child leaves its parent's
 * workflow-task locks held (two per child, one more when the child completes and "notifies" the closed
 * parent), so `unlockTimeSkippingWithSleep` waits in real time forever. While the sleep has not returned
 * and the server's clock moves no faster than the wall clock, this releases one leaked lock at a time (after 5 s at wall-clock pace, longer than any activity here), never more than
 * are needed: releasing one too many would let time run past the test's "not yet" checks, which fail.
 */
export async function skipTime(env: TestWorkflowEnvironment, ms: number): Promise<void> {
  const ts = env.connection.testService;
  if (!ts) throw new Error('skipTime needs the time-skipping test server');
  let done = false;
  const sleeping = env.sleep(ms).then(() => {
    done = true;
  });
  // Held by a leaked lock, the server's clock only keeps pace with the wall clock; skipping jumps ahead.
  let server = await env.currentTimeMs();
  let wall = Date.now();
  while (!done) {
    await Promise.race([sleeping, new Promise((r) => setTimeout(r, 250))]);
    if (done) break;
    const now = await env.currentTimeMs();
    const elapsed = Date.now() - wall;
    if (now - server > 10 * elapsed + 60_000) {
      server = now;
      wall = Date.now();
    } else if (elapsed > 5_000) {
      await ts.unlockTimeSkipping({});
      server = await env.currentTimeMs();
      wall = Date.now();
    }
  }
  await sleeping;
}
