// Since claims-by-caller the API writes a claim's change; the case workflow keeps what it replied and
// sends it again with its own next write, in case the API's write was lost. Plain code, so the rule is
// unit-tested apart from the workflow.
import { storedTask, type CaseChange } from '../src/domain/case/records';
import type { CallerWrote } from './case.messages';

/**
 * The workflow's next write with the caller's earlier changes folded in: their events (keyed, so
 * added once) and their tasks as this write's state has them. A write of an earlier transition (one
 * that waited for its reservation while a claim came and went) does not know a later claim yet, so
 * that claim stays pending for the write after it. Returns the write and what is still pending.
 */
export function withCallerWrites(pending: CallerWrote[], change: CaseChange): { change: CaseChange; pending: CallerWrote[] } {
  const rev = change.rev ?? Number.POSITIVE_INFINITY;
  const covered = pending.filter((w) => w.rev < rev);
  if (covered.length === 0) return { change, pending };
  const ids = new Set(covered.flatMap((w) => w.taskIds));
  for (const t of change.tasks) ids.delete(t.taskId);
  const again = (change.state?.tasks ?? []).filter((t) => ids.has(t.taskId)).map(storedTask);
  return {
    change: { ...change, tasks: [...again, ...change.tasks], events: [...covered.flatMap((w) => w.events), ...change.events] },
    pending: pending.filter((w) => w.rev >= rev),
  };
}
