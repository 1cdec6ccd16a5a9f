import { createProgress } from './progress';
import { parseReplayArgs } from './replay.cli';
import { coreMessage } from './report-text';
import { divergenceInMessage, eventTypeName } from './replay.engine';

describe('npm run replay arguments', () => {
  it('selects named workflows, a query, or everything', () => {
    expect(parseReplayArgs(['--workflow-id', 'a', '--workflow-id', 'b'])).toEqual({ selection: { kind: 'ids', workflowIds: ['a', 'b'] }, json: false });
    expect(parseReplayArgs(['--query', "ExecutionStatus='Running'", '--json'])).toEqual({
      selection: { kind: 'query', query: "ExecutionStatus='Running'" },
      json: true,
    });
    expect(parseReplayArgs([])).toEqual({ selection: { kind: 'all' }, json: false });
  });

  it('names the flag that is wrong', () => {
    expect(parseReplayArgs(['--query', 'x', '--workflow-id', 'a'])).toEqual({ errors: ['--query: give either query or workflowIds, not both'] });
    expect(parseReplayArgs(['--workflow-id', 'a', '--workflow-id', 'b\u0000'])).toEqual({
      errors: ['--workflow-id #2: a workflow id must not contain the NUL character (U+0000) / 不得包含空字符(U+0000)'],
    });
    expect(parseReplayArgs(['--query', 'q'.repeat(2001)])).toEqual({ errors: ['--query: the query has at most 2000 characters'] });
    expect((parseReplayArgs(['--workflow']) as { errors: string[] }).errors[0]).toMatch(/--workflow/);
  });
});

describe('replay progress', () => {
  const sink = (isTTY: boolean): { text: () => string; stream: { write(c: string): boolean; isTTY: boolean; columns: number } } => {
    const chunks: string[] = [];
    return { text: () => chunks.join(''), stream: { write: (c) => chunks.push(c) > 0, isTTY, columns: 80 } };
  };

  it('writes one plain line per workflow off a terminal', () => {
    const s = sink(false);
    const p = createProgress(s.stream);
    p.update(1, 3, 'ok a');
    p.update(2, 3, 'diverged b');
    p.finish();
    expect(s.text()).toBe('[1/3 33%] ok a\n[2/3 66%] diverged b\n');
  });

  it('redraws one bar on a terminal', () => {
    const s = sink(true);
    const p = createProgress(s.stream);
    p.update(1, 2, 'ok a');
    p.update(2, 2, 'ok b');
    p.finish();
    expect(s.text()).toBe(`\r\x1b[2K${'█'.repeat(15)}${'░'.repeat(15)}  50% 1/2 ok a\r\x1b[2K${'█'.repeat(30)} 100% 2/2 ok b\n`);
  });
});

describe('reading determinism errors', () => {
  const sdkMessage =
    'Replay failed with a nondeterminism error. Details: Workflow activation completion failed: Failure { failure: Some(Failure { message: "[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)", source: "" }) }';

  it("finds the event core names, with the history's own type for it", () => {
    const history = { events: [{ eventId: '5', eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED' }] } as never;
    expect(divergenceInMessage(sdkMessage, history)).toEqual({ eventId: 5, eventType: 'ActivityTaskScheduled' });
    expect(divergenceInMessage("Activity type of scheduled event 'a' does not match activity type of activity command 'b'", history)).toBeNull();
  });

  it("keeps core's sentence out of the SDK's debug dump", () => {
    expect(coreMessage(sdkMessage)).toBe(
      '[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)',
    );
    expect(coreMessage('plain')).toBe('plain');
  });

  it('names event types as the Web UI does', () => {
    expect(eventTypeName('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' as never)).toBe('WorkflowExecutionStarted');
    expect(eventTypeName(10)).toBe('ActivityTaskScheduled');
  });
});
