import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/temporal/worker.factory';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * The worker bundles workflows/ with webpack at start, and every workflow context evaluates the whole
 * bundle: a Node built-in or a non-deterministic import would break it, and a schema library or the
 * policy engine's parsers would cost memory per open case.
 */
describe('the workflow bundle', () => {
  it('builds from workflows/index.ts, exports every workflow the service starts, and carries only what it runs', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    for (const name of [
      'caseWorkflow',
      'intakeWindowWorkflow',
      'awardWorkflow',
      'labLifecycleWorkflow',
      'rentFreeWorkflow',
      'noticeWorkflow',
      'replayJobWorkflow',
    ])
      expect(code).toContain(name);
    // Neither the database client, Nest, nor a schema library may leak into workflow code.
    expect(code).not.toMatch(/@prisma\/client|@nestjs\/core|require\("pg"\)/);
    expect(code).not.toMatch(/node_modules\/zod\//);
    expect(code).not.toMatch(/domain\/pack\/(schema|validate|forms)\.ts/);
    // Measured against a bare workflow bundled the same way: the SDK's own runtime is most of both. The
    // bound holds seven workflow types (case, intake, award, lab, rent-free, notice, replay job), their
    // pure domain code and the words their refusals and notices speak (src/domain/words).
    const bare = await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', 'support', 'workflows', 'ping.workflow.ts'), logger: quiet });
    expect(code.length - bare.code.length).toBeLessThan(720_000);
  });
});
