import { initialCase, type CaseState } from '../src/domain/case/machine';
import type { CaseEvent } from '../src/domain/case/events';
import { storedTask, type CaseChange, type TaskRecord } from '../src/domain/case/records';
import { withCallerWrites } from './caller-writes';
import type { CallerWrote } from './case.messages';

const task = (taskId: string, status: TaskRecord['status'], assigneeId: string | null = null): TaskRecord => ({
  taskId,
  bureauCode: 'stic',
  stage: 'review',
  status,
  assigneeId,
  claimedAt: assigneeId ? '2025-06-03T02:00:00.000Z' : null,
  priority: 0,
  createdAt: '2025-06-02T01:00:00.000Z',
  dueAt: '2025-06-17T01:00:00.000Z',
  remindedAt: null,
  escalatedAt: null,
  decision: null,
  comment: null,
  amountFen: null,
  overrideReason: null,
  questions: null,
  completedById: null,
  completedAt: null,
});
const claimed = (taskId: string): CaseEvent => ({
  eventKey: `task.claimed:${taskId}`,
  type: 'task.claimed',
  v: 1,
  actorId: 'officer-stic',
  at: '2025-06-03T02:00:00.000Z',
  data: { taskId, bureauCode: 'stic' },
});
const stateWith = (rev: number, tasks: TaskRecord[]): CaseState => ({
  ...initialCase({ caseId: 'c1', packId: 'p', packVersion: 1, organisationId: 'o', receivedAt: '2025-06-02T01:00:00.000Z' }),
  tasks,
  rev,
});
const write = (rev: number, tasks: TaskRecord[], touched: string[]): CaseChange => ({
  caseId: 'c1',
  tasks: tasks.filter((t) => touched.includes(t.taskId)).map(storedTask),
  events: [],
  state: stateWith(rev, tasks),
  rev,
});

describe("the case workflow's next write, with the claims the API wrote", () => {
  it('sends an earlier claim again: its event and its task as the write knows it', () => {
    const pending: CallerWrote[] = [{ rev: 2, events: [claimed('a')], taskIds: ['a'] }];
    const r = withCallerWrites(pending, write(3, [task('a', 'claimed', 'officer-stic'), task('b', 'open')], ['b']));
    expect(r.change.events.map((e) => e.eventKey)).toEqual(['task.claimed:a']);
    expect(r.change.tasks.map((t) => [t.taskId, t.status])).toEqual([
      ['a', 'claimed'],
      ['b', 'open'],
    ]);
    expect(r.pending).toEqual([]);
  });

  it('keeps a claim later than the write (one that waited for its reservation) for the write after it', () => {
    const later: CallerWrote = { rev: 5, events: [claimed('b')], taskIds: ['b'] };
    const r = withCallerWrites([later], write(4, [task('a', 'completed'), task('b', 'open')], ['a']));
    expect(r.change.events).toEqual([]);
    expect(r.change.tasks.map((t) => t.taskId)).toEqual(['a']);
    expect(r.pending).toEqual([later]);
  });

  it('sends a task the write itself touches once, as the write has it', () => {
    const r = withCallerWrites([{ rev: 2, events: [claimed('a')], taskIds: ['a'] }], write(3, [task('a', 'completed')], ['a']));
    expect(r.change.tasks.map((t) => [t.taskId, t.status])).toEqual([['a', 'completed']]);
  });
});
