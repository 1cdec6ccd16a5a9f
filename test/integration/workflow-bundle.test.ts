import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/temporal/worker.factory';

/** The worker bundles workflows/ with webpack at start; a Node built-in or a non-deterministic import there would break it. */
describe('the workflow bundle', () => {
  it('builds from workflows/index.ts and exports every workflow the service starts', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
    expect(code.length).toBeGreaterThan(1000);
    for (const name of ['applicationWorkflow', 'intakeWindowWorkflow']) expect(code).toContain(name);
    // Neither the database client nor Nest may leak into workflow code.
    expect(code).not.toMatch(/@prisma\/client|@nestjs\/core|require\("pg"\)/);
  });
});
