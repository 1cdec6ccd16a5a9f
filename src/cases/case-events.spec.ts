import { readCaseEvent } from './case-events.schema';

const award = {
  kind: 'rateOfBase',
  amountFen: '100',
  capFen: null,
  baseFen: '200',
  rateBp: 5000,
  rawFen: '100',
  capped: false,
  officerSet: false,
  lines: [],
  ratio: null,
  suggestedFen: null,
  cuts: [],
};
const row = (type: string, data: unknown, version = 1) => ({ eventKey: 'k', type, version, actorId: null, data, at: new Date('2026-06-01T02:00:00Z') });

describe('the zod mirror of the case events', () => {
  it('reads a v1 case.approved with its public and internal reasons apart', () => {
    const e = readCaseEvent(row('case.approved', { approvedAwardFen: '100', reason: 'one invoice is outside the contract', internalReason: null, award }));
    expect(e).toEqual({
      eventKey: 'k',
      type: 'case.approved',
      v: 1,
      actorId: null,
      at: '2026-06-01T02:00:00.000Z',
      data: { approvedAwardFen: '100', reason: 'one invoice is outside the contract', internalReason: null, award },
    });
  });

  it('reads nothing it does not know: a case.approved without internalReason, another version, another type', () => {
    expect(readCaseEvent(row('case.approved', { approvedAwardFen: '100', reason: 'x', award }))).toBeNull();
    expect(readCaseEvent(row('case.rejected', { reason: 'x' }, 2))).toBeNull();
    expect(readCaseEvent(row('case.reopened', {}))).toBeNull();
  });
});
