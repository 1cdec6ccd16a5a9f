import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowSourceOptions } from '../../src/temporal/worker.factory';
import { HISTORIES_DIR } from '../support/histories';
import { quietTemporalRuntime } from '../support/harness';

/**
 * Committed histories of real runs (captured with `npm run histories:capture`) replayed against the
 * workflow code as it is now. A change that would alter what running cases already recorded must
 * be guarded with patched(); without it, this fails.
 */
describe('replaying committed workflow histories', () => {
  const files = readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('has histories of every workflow type', () => {
    // The 1.0 baseline: every workflow type the worker runs, recorded afresh (README "Changing a workflow").
    const types = new Set(files.map((f) => f.replace(/-[0-9a-f]{12}\.json$/, '')));
    expect([...types].sort()).toEqual([
      'awardWorkflow',
      'caseWorkflow',
      'intakeWindowWorkflow',
      'labLifecycleWorkflow',
      'noticeWorkflow',
      'rentFreeWorkflow',
      'replayJobWorkflow',
    ]);
  });

  it('replays every one of them without non-determinism', async () => {
    quietTemporalRuntime();
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ ...workflowSourceOptions(), replayName: 'ci-replay' }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('fails them when the workflow code changes what it records without patched()', async () => {
    quietTemporalRuntime();
    const file = files.find((f) => f.startsWith('caseWorkflow-'))!;
    const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
    // The same workflows, each starting with a timer no recorded history scheduled.
    const changed = join(__dirname, '..', 'support', 'workflows', 'diverged.js');
    const results = [];
    for await (const r of Worker.runReplayHistories({ ...workflowSourceOptions(changed), replayName: 'ci-replay-changed' }, [
      { workflowId: 'changed', history },
    ]))
      results.push(r);
    expect(results).toHaveLength(1);
    expect(results[0]!.error?.message).toMatch(/[Nn]ondeterminism/);
  });
});
