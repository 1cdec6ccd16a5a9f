import { CaseDriver, CLOCK, assessmentOf, officer } from '../../../test/support/case-machine';
import { check, limitReachedRefusal, reservationRefusal, type CaseEffect } from './machine';
import { Refusal } from './refusals';

const projected = (effects: CaseEffect[]) => effects.flatMap((e) => (e.kind === 'project' ? [e.change] : []));

function caseWith(priorBenefits?: { caseId: string; reference: string; status: 'approved'; amountFen: string }[]): { c: CaseDriver; task: string } {
  const c = new CaseDriver();
  c.ok({ type: 'assessed', assessment: assessmentOf('m2'), clock: CLOCK, ...(priorBenefits ? { priorBenefits } : {}) });
  const task = c.openTask('stic');
  c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
  return { c, task };
}

describe('case machine: final approvals through the ledger', () => {
  it('asks the ledger to reserve the approved amount with the officer and their comment', () => {
    const { c, task } = caseWith();
    const t = c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } });
    expect(t.effects).toEqual([
      {
        kind: 'reserveAward',
        taskId: task,
        reservation: expect.objectContaining({
          actorId: 'officer-stic',
          poolCode: 'm2-training-voucher',
          award: expect.objectContaining({ amountFen: '74074073' }),
        }),
      },
    ]);
    expect(c.state.tasks[0]!.status).toBe('deciding');
  });

  it('hands the ledger the co-funding split as assessed and the district pool named at assessment', () => {
    const c = new CaseDriver();
    const coFunding = { districtBureau: 'district:nanshan', cityFen: '37037037', districtFen: '37037036', districtShareBp: 5000 };
    const terms = { lifecycle: null, districtPoolCode: 'nanshan-pool', poolNames: {} };
    c.ok({ type: 'assessed', assessment: { ...assessmentOf('m2'), coFunding }, clock: CLOCK, terms });
    const task = c.openTask('stic');
    c.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    const [e] = c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } }).effects;
    expect(e).toMatchObject({
      kind: 'reserveAward',
      reservation: { coFunding: { districtBureau: 'district:nanshan', districtShareBp: 5000 }, districtPoolCode: 'nanshan-pool' },
    });
    // Once reserved, the payments start after the approval is written.
    const done = c.ok({ type: 'fundsReserved', taskId: task, grant: { amountFen: '74074073', cuts: [] } });
    expect(done.effects.map((x) => x.kind)).toEqual(['project', 'startPayments']);
  });

  it('approves what the ledger granted, the limit cut a line of the explanation the applicant reads', () => {
    const { c, task } = caseWith();
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } });
    const reason = { code: 'limit.project', zh: '累计资助不超过审计投资额', en: 'all awards together stay within the audited investment' };
    const done = c.ok({ type: 'fundsReserved', taskId: task, grant: { amountFen: '50000000', cuts: [{ toFen: '50000000', reason }] } });
    expect(c.state.outcome).toMatchObject({ status: 'approved', approvedAwardFen: '50000000' });
    expect(c.state.approved!.award.amountFen).toBe('50000000');
    expect(c.state.approved!.award.cuts).toEqual([{ fromFen: '74074073', toFen: '50000000', reason }]);
    const approved = projected(done.effects)[0]!.events.find((e) => e.type === 'case.approved')!;
    expect(approved.data).toMatchObject({ approvedAwardFen: '50000000' });
    expect(JSON.stringify(approved.data)).toContain('由 740,740.73 元 核减为 500,000.00 元:累计资助不超过审计投资额');
  });

  it('names the limit and suggests no lower amount when nothing is left under it', () => {
    const r = limitReachedRefusal(
      { key: 'm10|org:o', scope: 'applicant', capFen: '300000000', label: { zh: '单家企业累计资助上限', en: 'cap per enterprise' } },
      '300000000',
    );
    expect(r).toMatchObject({ type: Refusal.LimitReached, field: 'amountFen', details: { capFen: '300000000', priorFen: '300000000' } });
    expect(r.en).toBe('cap per enterprise: cap CNY 3,000,000.00, CNY 3,000,000.00 already awarded, nothing is left; reject the application');
    expect(r.zh).toContain('已无余额');
    expect(r.en).not.toContain('approve at most');
  });
});

describe('case machine: no double benefit', () => {
  const other = { caseId: 'c-1', reference: 'AP-2025-000001', status: 'approved' as const, amountFen: '74074073' };

  it('asks for the override reason in the ledger’s one refusal, naming the other case and its amount', () => {
    const { c, task } = caseWith([other]);
    // The validator lets it through: the ledger weighs the money and the missing reason together.
    expect(check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } })).toBeNull();
    const [e] = c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve', overrideReason: '  ' } }).effects;
    if (e?.kind !== 'reserveAward') throw new Error(`expected a reservation, got ${JSON.stringify(e)}`);
    const unmet = e.reservation.unmet ?? [];
    expect(unmet.map((u) => u.code)).toEqual(['approve.priorBenefit']);
    // The money is there: the refusal is the reason alone, on the field the officer fills.
    const r = reservationRefusal({ ok: false, short: 'reasons', year: 2025, unmet }, () => ({ zh: '', en: '' }));
    expect(r).toMatchObject({ type: Refusal.Invalid, field: 'overrideReason' });
    expect(r.en).toContain('AP-2025-000001 (CNY 740,740.73)');
    expect(r.zh).toContain('AP-2025-000001(740,740.73 元)');
    expect(r.zh).not.toMatch(/[A-Za-z]{4,}Reason|overrideReason/);
    c.ok({ type: 'fundsRefused', taskId: task });
    expect(c.state.tasks[0]!.status).toBe('claimed');
  });

  it('says a limit with nothing left and the missing reason in one refusal, so the reason is asked once', () => {
    const { c, task } = caseWith([other]);
    const [e] = c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } }).effects;
    if (e?.kind !== 'reserveAward') throw new Error('expected a reservation');
    const project = {
      key: 'project|o|p',
      scope: 'project' as const,
      capFen: '100000000',
      label: { zh: '项目累计资助不超过审计投资额', en: 'within the audited investment' },
    };
    const perEnterprise = {
      key: 'm10|org:o',
      scope: 'applicant' as const,
      capFen: '300000000',
      label: { zh: '单家企业累计资助上限', en: 'cap per enterprise' },
    };
    const r = reservationRefusal(
      {
        ok: false,
        short: 'limit',
        limit: project,
        priorFen: '100000000',
        exhausted: [
          { limit: project, priorFen: '100000000' },
          { limit: perEnterprise, priorFen: '300000000' },
        ],
        unmet: e.reservation.unmet!,
      },
      () => ({ zh: '', en: '' }),
    );
    expect(r).toMatchObject({ type: Refusal.LimitReached, code: 'approval.blocked', field: 'overrideReason' });
    expect(r.zh).toBe(
      '不能批准,须先解决以下 3 个问题:(1)项目累计资助不超过审计投资额:上限 1,000,000.00 元,现已获 1,000,000.00 元,已无余额,不能再予资助;' +
        '(2)单家企业累计资助上限:上限 3,000,000.00 元,现已获 3,000,000.00 元,已无余额,不能再予资助;' +
        '(3)申请单位已就同一项目享受或申请同类资助(AP-2025-000001(740,740.73 元)),不得重复享受;批准须说明理由',
    );
    expect(r.en).toContain('(1) within the audited investment: cap CNY 1,000,000.00, CNY 1,000,000.00 now awarded, nothing is left; (2) cap per enterprise');
    expect(r.details).toMatchObject({ unmet: ['approve.priorBenefit'], limits: [{ limitKey: project.key }, { limitKey: perEnterprise.key }] });
  });

  it('adds the missing reason to a short pool’s refusal, which still suggests what fits', () => {
    const r = reservationRefusal(
      {
        ok: false,
        short: 'pool',
        year: 2025,
        availableFen: '5000',
        askedFen: '74074073',
        poolCode: 'm2-training-voucher',
        unmet: [{ code: 'approve.priorBenefit', zh: '批准须说明理由', en: 'approving it needs a stated reason' }],
      },
      () => ({ zh: '训力券', en: 'Training vouchers' }),
    );
    expect(r).toMatchObject({ type: Refusal.PoolExhausted, code: 'approval.blocked', details: { poolCode: 'm2-training-voucher', availableFen: '5000' } });
    expect(r.zh).toContain('(1)2025 年度「训力券」预算剩余 50.00 元');
    expect(r.zh).toContain('(2)批准须说明理由');
  });

  it('keeps a single obstacle’s refusal as it always read', () => {
    const limit = { key: 'm10|org:o', scope: 'applicant' as const, capFen: '300000000', label: { zh: '单家企业累计资助上限', en: 'cap per enterprise' } };
    expect(reservationRefusal({ ok: false, short: 'limit', limit, priorFen: '300000000' }, () => ({ zh: '', en: '' }))).toEqual(
      limitReachedRefusal(limit, '300000000'),
    );
  });

  it('approves with a recorded override reason, kept apart from what the applicant reads', () => {
    const { c, task } = caseWith([other]);
    const decision = { kind: 'approve' as const, overrideReason: 'the first case covers a different phase' };
    expect(check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision })).toBeNull();
    c.ok({ type: 'decide', taskId: task, actor: officer('stic'), decision });
    const done = c.ok({ type: 'fundsReserved', taskId: task, grant: { amountFen: '74074073', cuts: [] } });
    const approved = projected(done.effects)[0]!.events.find((e) => e.type === 'case.approved')!;
    expect(approved.data).toMatchObject({ internalReason: 'the first case covers a different phase', reason: null });
  });

  it('lets a case with no other same-kind case be approved without a reason', () => {
    const { c, task } = caseWith([]);
    expect(check(c.state, { type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve' } })).toBeNull();
  });
});
