import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDriver, CLOCK, ORG, RECEIVED_AT, assessmentOf, officer, pack } from '../../../test/support/case-machine';
import { assessApplication, type Assessment } from '../assess';
import { packVersion, parsePolicyPack, type PolicyPack } from '../pack/pack';
import type { CaseEvent } from './events';
import { type CaseEffect, type Decision } from './machine';
import { Refusal } from './refusals';

const INCUBATOR = { incubatorName: '南山零租孵化器', isSmallOrMicro: true, rentFreeMonths: 12, areaSquareMetres: 80, tenancyAgreement: 'doc-1' };

function m14Assessment(p: PolicyPack = pack(), form: Record<string, unknown> = INCUBATOR): Assessment {
  return assessApplication(packVersion(p, 1), {
    measureCode: 'm14',
    subtypeCode: 'm14-incubator',
    form,
    applicant: { organisationId: ORG, kind: 'enterprise', isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' },
    receivedAt: RECEIVED_AT,
  });
}

/** The Shenzhen pack with other rent-free bounds: the check must follow the pack, not a constant. */
function packWithBounds(min: number, max: number): PolicyPack {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../seeds/packs/shenzhen-ai-pioneer-2024.json'), 'utf8')) as {
    parameters: Record<string, { value: number }>;
  };
  raw.parameters['m14.rentFreeMinMonths']!.value = min;
  raw.parameters['m14.rentFreeMaxMonths']!.value = max;
  return parsePolicyPack(raw);
}

/** Claims and approves every task before the final one; returns the claimed final task. */
function toFinal(c: CaseDriver): { taskId: string; bureau: string } {
  for (;;) {
    const live = c.state.tasks.filter((t) => t.status === 'open');
    const t = live[0]!;
    c.ok({ type: 'claim', taskId: t.taskId, actor: officer(t.bureauCode) });
    const final = c.state.assessment!.reviewPlan.find((s) => s.code === t.stage)?.decides === true;
    if (final) return { taskId: t.taskId, bureau: t.bureauCode };
    c.ok({ type: 'decide', taskId: t.taskId, actor: officer(t.bureauCode), decision: { kind: 'approve' } });
  }
}

const approvedEvent = (effects: CaseEffect[]): Extract<CaseEvent, { type: 'case.approved' }> | undefined =>
  effects
    .flatMap((e) => (e.kind === 'project' ? e.change.events : []))
    .find((e): e is Extract<CaseEvent, { type: 'case.approved' }> => e.type === 'case.approved');

describe('case machine: the rent-free months the officer grants (measure 14)', () => {
  it('carries the months asked for and the pack’s bounds in the assessment of a sub-type with a rent-free period, and nothing elsewhere', () => {
    expect(m14Assessment().rentFree).toEqual({ requestedMonths: 12, minMonths: 6, maxMonths: 36 });
    expect(m14Assessment(packWithBounds(3, 24)).rentFree).toEqual({ requestedMonths: 12, minMonths: 3, maxMonths: 24 });
    expect(assessmentOf('m2').rentFree).toBeUndefined();
  });

  it('refuses months outside the pack’s bounds on the final approval, naming rentFreeMonths in both languages', () => {
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: m14Assessment(), clock: CLOCK });
    const { taskId, bureau } = toFinal(c);
    const decide = (decision: Decision) => c.send({ type: 'decide', taskId, actor: officer(bureau), decision });
    for (const months of [5, 37, 6.5]) {
      const r = decide({ kind: 'approve', rentFreeMonths: months });
      expect(r).toMatchObject({ type: Refusal.Invalid, field: 'rentFreeMonths', details: { minMonths: 6, maxMonths: 36 } });
      expect('zh' in r && r.zh).toContain('6 至 36 个月');
      expect('en' in r && r.en).toContain('from 6 to 36');
    }
    expect(c.state.status).toBe('in_review');
  });

  it('follows the bounds of the pack the case was assessed under', () => {
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: m14Assessment(packWithBounds(3, 24)), clock: CLOCK });
    const { taskId, bureau } = toFinal(c);
    const check = (months: number) => c.send({ type: 'decide', taskId, actor: officer(bureau), decision: { kind: 'approve', rentFreeMonths: months } });
    expect(check(30)).toMatchObject({ field: 'rentFreeMonths' });
    expect(check(3)).not.toHaveProperty('field');
  });

  it('refuses rentFreeMonths before the final stage and on a sub-type without a rent-free period', () => {
    const c = new CaseDriver();
    c.ok({ type: 'assessed', assessment: m14Assessment(), clock: CLOCK });
    const first = c.state.tasks[0]!;
    c.ok({ type: 'claim', taskId: first.taskId, actor: officer(first.bureauCode) });
    expect(c.state.assessment!.reviewPlan.find((s) => s.code === first.stage)?.decides).toBe(false);
    const early = c.send({ type: 'decide', taskId: first.taskId, actor: officer(first.bureauCode), decision: { kind: 'approve', rentFreeMonths: 6 } });
    expect(early).toMatchObject({ type: Refusal.Invalid, field: 'rentFreeMonths', en: 'only the final approval sets the rent-free period' });

    const m2 = new CaseDriver('case-2');
    m2.ok({ type: 'assessed', assessment: assessmentOf('m2'), clock: CLOCK });
    const task = m2.openTask('stic');
    m2.ok({ type: 'claim', taskId: task, actor: officer('stic') });
    const r = m2.send({ type: 'decide', taskId: task, actor: officer('stic'), decision: { kind: 'approve', rentFreeMonths: 12 } });
    expect(r).toMatchObject({ type: Refusal.Invalid, field: 'rentFreeMonths', en: 'this sub-type grants no rent-free period' });
    expect('zh' in r && r.zh).toContain('不涉及免租期');
  });

  it('records the months granted on the approval, the officer’s or as asked, and starts the rent-free clock after the projection', () => {
    const grant = (decision: Decision) => {
      const c = new CaseDriver();
      c.ok({ type: 'assessed', assessment: m14Assessment(), clock: CLOCK });
      const { taskId, bureau } = toFinal(c);
      const t = c.ok({ type: 'decide', taskId, actor: officer(bureau), decision });
      expect(c.state.status).toBe('approved');
      return { event: approvedEvent(t.effects), approved: c.state.approved, kinds: t.effects.map((e) => e.kind) };
    };
    const cut = grant({ kind: 'approve', rentFreeMonths: 6 });
    expect(cut.event?.data.rentFree).toEqual({ months: 6, requestedMonths: 12 });
    expect(cut.approved?.rentFree).toEqual({ months: 6, requestedMonths: 12 });
    expect(cut.kinds).toEqual(['project', 'startRentFree']);
    expect(grant({ kind: 'approve' }).event?.data.rentFree).toEqual({ months: 12, requestedMonths: 12 });
  });
});
