import type { CaseEvent } from '../domain/case/events';
import { auditOfEvents } from './audit.repository';

const at = '2026-06-01T02:00:00.000Z';
const decided = (overrideReason: string | null): CaseEvent => ({
  eventKey: 'task-decided:t1',
  type: 'task.decided',
  v: 1,
  actorId: 'officer-talent',
  at,
  data: { taskId: 't1', bureauCode: 'talent', stage: 'final', decision: 'approve', amountFen: '100', comment: null, overrideReason, questions: null },
});

describe('the audit entries of a transition', () => {
  it('records an override apart from the decision that carries it', () => {
    const entries = auditOfEvents('c1', [decided('degree verified with the embassy')]);
    expect(entries.map((e) => [e.action, e.actorId, e.subjectId, e.sourceKey])).toEqual([
      ['task.decide', 'officer-talent', 't1', 'event:c1:task-decided:t1'],
      ['task.override', 'officer-talent', 't1', 'event:c1:task-decided:t1:override'],
    ]);
    expect(entries[1]!.payload).toEqual({ overrideReason: 'degree verified with the embassy', decision: 'approve' });
  });

  it('records only what a person did: timers and the system’s consequences are not audited', () => {
    const timer: CaseEvent = {
      eventKey: 'task-reminder:t1',
      type: 'task.reminder',
      v: 1,
      actorId: null,
      at,
      data: { taskId: 't1', bureauCode: 'talent', assigneeId: 'officer-talent', dueAt: at },
    };
    const approved: CaseEvent = {
      eventKey: 'decided',
      type: 'case.approved',
      v: 1,
      actorId: null,
      at,
      data: { approvedAwardFen: '100', reason: null, internalReason: null, award: { amountFen: '100' } as never },
    };
    expect(auditOfEvents('c1', [timer, decided(null), approved]).map((e) => e.action)).toEqual(['task.decide']);
  });
});
