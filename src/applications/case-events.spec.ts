import { caseChangeOf } from './application.activities';
import { readCaseEvent } from './case-events.schema';
import type { SyncCaseInput } from '../../workflows/activities';

const award = { kind: 'rateOfBase', amountFen: '100', capFen: null, baseFen: '200', rateBp: 5000, rawFen: '100', capped: false, officerSet: false, lines: [], ratio: null, suggestedFen: null, cuts: [] };
const row = (type: string, data: unknown, version = 1) => ({ eventKey: 'k', type, version, actorId: null, data, at: new Date('2026-06-01T02:00:00Z') });

describe('the zod mirror of the case events', () => {
  it('reads a v1 case.approved with its public and internal reasons apart', () => {
    const e = readCaseEvent(row('case.approved', { approvedAwardFen: '100', reason: 'one invoice is outside the contract', internalReason: null, award }));
    expect(e).toEqual({ eventKey: 'k', type: 'case.approved', v: 1, actorId: null, at: '2026-06-01T02:00:00.000Z', data: { approvedAwardFen: '100', reason: 'one invoice is outside the contract', internalReason: null, award } });
  });

  it('reads nothing it does not know: a case.approved without internalReason, another version, another type', () => {
    expect(readCaseEvent(row('case.approved', { approvedAwardFen: '100', reason: 'x', award }))).toBeNull();
    expect(readCaseEvent(row('case.rejected', { reason: 'x' }, 2))).toBeNull();
    expect(readCaseEvent(row('case.reopened', {}))).toBeNull();
  });
});

describe('today’s syncCase input as a CaseChange', () => {
  const approvedByOldWorkflow = (reason: string | null): SyncCaseInput => ({
    applicationId: 'c1',
    tasks: [],
    events: [{ applicationId: 'c1', eventKey: 'decided', type: 'case.approved', actorId: null, at: '2026-06-01T02:00:00.000Z', data: { approvedAwardFen: '100', reason, award } }],
    final: { applicationId: 'c1', status: 'approved', approvedAwardFen: '100', reason, decidedAt: '2026-06-01T02:00:00.000Z' },
  });

  it('keeps an override reason out of the public reason, on the event and the case row', () => {
    const change = caseChangeOf(approvedByOldWorkflow('verified with the embassy'), { comment: null, overrideReason: 'verified with the embassy' });
    expect(change.events).toEqual([expect.objectContaining({ type: 'case.approved', v: 1, data: { approvedAwardFen: '100', reason: null, internalReason: 'verified with the embassy', award } })]);
    expect(change.outcome).toEqual({ status: 'approved', approvedAwardFen: '100', reason: null, decidedAt: '2026-06-01T02:00:00.000Z' });
  });

  it('keeps the officer’s comment public, and the override internal, when both were given', () => {
    const change = caseChangeOf(approvedByOldWorkflow('cut: one invoice'), { comment: 'cut: one invoice', overrideReason: 'hrss was wrong' });
    expect(change.events[0]!.data).toMatchObject({ reason: 'cut: one invoice', internalReason: 'hrss was wrong' });
    expect(change.outcome?.reason).toBe('cut: one invoice');
  });

  it('drops keys outside an event’s v1 shape (the old case.rejected carried approvedAwardFen: null)', () => {
    const change = caseChangeOf({
      applicationId: 'c1',
      tasks: [],
      events: [{ applicationId: 'c1', eventKey: 'decided', type: 'case.rejected', actorId: null, at: '2026-06-01T02:00:00.000Z', data: { approvedAwardFen: null, reason: 'not on the list' } }],
      final: { applicationId: 'c1', status: 'rejected', approvedAwardFen: null, reason: 'not on the list', decidedAt: '2026-06-01T02:00:00.000Z' },
    });
    expect(change.events[0]!.data).toEqual({ reason: 'not on the list' });
    expect(change.outcome?.status).toBe('rejected');
  });
});
