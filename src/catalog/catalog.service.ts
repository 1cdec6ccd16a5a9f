import { AWARD_SUMMARY_SENTENCES } from '../domain/words/award-summary';
import { budgetYear, budgetYearsOf as budgetYearsOfWindow } from '../domain/time';
import { reviewPlanOf } from '../domain/case/plan';
import { CITY_FUNDER } from '../domain/pack/schema';
import { Inject, Injectable } from '@nestjs/common';
import {
  APPLICANT_SPEC_LABELS,
  DISTRICT_PLACEHOLDER,
  findMeasure,
  formJsonSchema,
  intakeStatus,
  NoRuleVersionError,
  packVersion,
  packVersionAt,
  packVersionNearest,
  resolveBp,
  resolveFen,
  type LocalizedText,
  type Measure,
  type PackRules,
  type PolicyPack,
  type Subtype,
} from '../domain';
import { CLOCK, type Clock } from '../common/clock';
import { maySeePoolsOf, type Actor } from '../domain/access';
import { NotFoundError, ValidationError } from '../domain/errors';
import { PackRepository } from '../database/pack.repository';
import { PoolRepository } from '../database/pool.repository';
import { summariseAward } from './award-summary';
import type { MeasureDetail, MeasureList, MeasureSummary, PackSummary, PolicyStatus, PoolList, SubtypeSummary, Words } from './catalog.dto';
import {
  AUDIT_ACTION_WORDS,
  bureauWords,
  CASE_STATUS_WORDS,
  DECISION_WORDS,
  EVENT_WORDS,
  INCIDENT_KIND_WORDS,
  labelled,
  NOTICE_KIND_WORDS,
  ORDER_STATUS_WORDS,
  REPLAY_JOB_STATUS_WORDS,
  REPLAY_OUTCOME_WORDS,
  WORKFLOW_TYPE_WORDS,
  ROLE_WORDS,
  STAGE_WORDS,
  stageWords,
  TASK_STATUS_WORDS,
  treasuryWords,
} from '../domain/words';
import { REQUEST_SENTENCES } from '../domain/words/validation';

const labels = (words: Record<string, LocalizedText>) => Object.entries(words).map(([code, w]) => labelled(code, w));

/** Calendar years (in the pack's time zone) that the validity window touches: the pack's budget years. */
export function budgetYearsOf(pack: PolicyPack): number[] {
  return budgetYearsOfWindow(new Date(pack.validity.from), new Date(pack.validity.to), pack.timezone);
}

function currentVersion(pack: PolicyPack, at: Date): number | null {
  try {
    return packVersionAt(pack, at).version;
  } catch (err) {
    if (err instanceof NoRuleVersionError) return null;
    throw err;
  }
}

/** Read-only view of the policy packs: what can be applied for, under which rules, with which form. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly policy: PackRepository,
    private readonly poolRows: PoolRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every pack; those of `home` (the caller's jurisdiction) first, so a user lands on their own city's policies. */
  async packs(now = this.clock.now(), home: string | null = null): Promise<{ items: PackSummary[] }> {
    const items: PackSummary[] = [];
    for (const id of await this.policy.packIds()) items.push(await this.pack(id, now));
    const rank = (p: PackSummary): number => (p.jurisdiction.code === home ? 0 : 1);
    return {
      items: items
        .map((p, i) => ({ p, i }))
        .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
        .map(({ p }) => p),
    };
  }

  async pack(packId: string, now = this.clock.now()): Promise<PackSummary> {
    const { pack, intakeOpen } = await this.policy.pack(packId);
    const published = await this.policy.publishedAt(packId);
    return {
      id: pack.id,
      title: pack.title,
      jurisdiction: pack.jurisdiction,
      bureaus: pack.bureaus,
      districts: pack.districts.map((d) => ({ code: d.code, name: d.name, bureau: d.bureau })),
      treasuries: [CITY_FUNDER, ...pack.districts.map((d) => d.bureau)].map((funder) => ({ funder, name: treasuryWords(pack, funder) })),
      timezone: pack.timezone,
      validity: { from: pack.validity.from, to: pack.validity.to },
      intakeOpen,
      versions: pack.versions.map((v) => ({
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        note: v.note ?? null,
        publishedAt: published.get(v.version)?.toISOString() ?? null,
      })),
      succeeds: pack.succeeds ?? null,
      succeededBy: (await this.policy.successorsOf(pack.id)).map((p) => p.id),
      currentVersion: currentVersion(pack, now),
      measureCount: packVersionNearest(pack, now).measures.length,
      source: pack.source ?? null,
      notes: pack.notes,
    };
  }

  /** The fixed words of the system (packs name the rest). */
  words(): Words {
    // Task statuses as lists show them: `deciding` stays inside the workflow.
    const { deciding: _deciding, ...taskStatuses } = TASK_STATUS_WORDS;
    return {
      caseStatuses: labels(CASE_STATUS_WORDS),
      taskStatuses: labels(taskStatuses),
      decisions: labels(DECISION_WORDS),
      orderStatuses: labels(ORDER_STATUS_WORDS),
      stages: labels(STAGE_WORDS),
      noticeKinds: labels(NOTICE_KIND_WORDS),
      auditActions: labels(AUDIT_ACTION_WORDS),
      eventTypes: labels(EVENT_WORDS),
      roles: labels(ROLE_WORDS),
      incidentKinds: labels(INCIDENT_KIND_WORDS),
      replayJobStatuses: labels(REPLAY_JOB_STATUS_WORDS),
      replayOutcomes: labels(REPLAY_OUTCOME_WORDS),
      workflowTypes: labels(WORKFLOW_TYPE_WORDS),
    };
  }

  /** Open, closed or not yet open, with the time left, in both languages. */
  async status(packId: string, now = this.clock.now()): Promise<PolicyStatus> {
    const { pack, intakeOpen } = await this.policy.pack(packId);
    const successors = await this.policy.successorsOf(packId);
    return {
      packId: pack.id,
      title: pack.title,
      timezone: pack.timezone,
      intakeOpen,
      succeeds: pack.succeeds ?? null,
      succeededBy: successors.map((p) => p.id),
      ...intakeStatus(pack, intakeOpen, now.getTime(), successors),
    };
  }

  async measures(packId: string, version: number | undefined, now = this.clock.now()): Promise<MeasureList> {
    const rules = await this.rules(packId, version, now);
    return {
      packId: rules.packId,
      version: rules.version,
      effectiveFrom: rules.effectiveFrom,
      items: rules.measures.map((m) => this.measureSummary(rules, m)),
    };
  }

  async measure(packId: string, measureCode: string, version: number | undefined, now = this.clock.now()): Promise<MeasureDetail> {
    const rules = await this.rules(packId, version, now);
    return { packId: rules.packId, version: rules.version, ...this.measureSummary(rules, this.findMeasure(rules, measureCode)) };
  }

  /** The JSON Schema (draft 2020-12) of a sub-type's application form, generated from its zod schema. */
  async form(packId: string, measureCode: string, subtypeCode: string, version: number | undefined, now = this.clock.now()): Promise<object> {
    const rules = await this.rules(packId, version, now);
    const measure = this.findMeasure(rules, measureCode);
    this.findSubtype(rules, measure, subtypeCode);
    return formJsonSchema(rules, measureCode, subtypeCode);
  }

  async pools(packId: string, year: number | undefined, now = this.clock.now(), user?: Pick<Actor, 'role' | 'jurisdictionId'>): Promise<PoolList> {
    const { pack } = await this.policy.pack(packId);
    // Another city's budget is not this user's to read: it answers as a pack that does not exist.
    if (user && !maySeePoolsOf(user, { jurisdictionId: pack.jurisdiction.code })) throw new NotFoundError('packId', `no policy pack ${packId}`);
    const years = budgetYearsOf(pack);
    const first = years[0]!;
    const last = years[years.length - 1]!;
    let y = year;
    if (y === undefined) {
      const thisYear = budgetYear(now, pack.timezone);
      y = Math.min(Math.max(thisYear, first), last);
    } else if (!years.includes(y)) {
      throw new ValidationError([
        {
          path: 'query.year',
          message: `${pack.id} has budgets for ${first}–${last} only (its validity is ${pack.validity.from} to ${pack.validity.to}); got ${y}`,
          zh: REQUEST_SENTENCES.budgetYears(first, last, y).zh,
        },
      ]);
    }
    const rules = packVersionNearest(pack, now);
    const rows = await this.poolRows.pools(packId, y);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const items = rules.pools.flatMap((p) => {
      const row = byCode.get(p.code);
      if (!row) return [];
      const available = row.totalFen - row.reservedFen;
      return [
        {
          code: p.code,
          name: p.name,
          subtypes: [...p.subtypes],
          funder: p.funder ?? CITY_FUNDER,
          funderLabel: treasuryWords(pack, p.funder ?? CITY_FUNDER),
          year: y,
          totalFen: row.totalFen.toString(),
          reservedFen: row.reservedFen.toString(),
          availableFen: (available > 0n ? available : 0n).toString(),
        },
      ];
    });
    return { packId: pack.id, year: y, budgetYears: years, items };
  }

  private async rules(packId: string, version: number | undefined, now: Date): Promise<PackRules> {
    const { pack } = await this.policy.pack(packId);
    if (version === undefined) return packVersionNearest(pack, now);
    try {
      return packVersion(pack, version);
    } catch {
      const known = pack.versions.map((v) => v.version).join(', ');
      throw new NotFoundError('version', `policy pack ${pack.id} has no version ${version}; its versions are ${known}`);
    }
  }

  private findMeasure(rules: PackRules, measureCode: string): Measure {
    const m = findMeasure(rules, measureCode);
    if (!m) {
      throw new NotFoundError(
        'measureCode',
        `no measure "${measureCode}" in ${rules.packId} v${rules.version}; its measures are ${rules.measures.map((x) => x.code).join(', ')}`,
      );
    }
    return m;
  }

  private findSubtype(rules: PackRules, measure: Measure, subtypeCode: string): Subtype {
    const s = measure.subtypes.find((x) => x.code === subtypeCode);
    if (s) return s;
    if (!measure.acceptsApplications) {
      const why = measure.refusal ? `${measure.refusal.en} (${measure.refusal.zh})` : 'it takes no applications';
      throw new NotFoundError('subtypeCode', `measure ${measure.code} has no sub-types and no application form: ${why}`);
    }
    throw new NotFoundError(
      'subtypeCode',
      `no sub-type "${subtypeCode}" of measure ${measure.code} in ${rules.packId} v${rules.version}; choose one of: ${measure.subtypes.map((x) => x.code).join(', ')}`,
    );
  }

  private bureau(rules: PackRules, code: string): { code: string; name: LocalizedText } {
    return { code, name: bureauWords(rules, code) };
  }

  private measureSummary(rules: PackRules, m: Measure): MeasureSummary {
    return {
      number: m.number,
      code: m.code,
      title: m.title,
      bureaus: m.bureaus.map((b) => this.bureau(rules, b)),
      acceptsApplications: m.acceptsApplications,
      refusal: m.acceptsApplications ? null : (m.refusal ?? AWARD_SUMMARY_SENTENCES.noApplications()),
      subtypes: m.acceptsApplications ? m.subtypes.map((s) => this.subtypeSummary(rules, m, s)) : [],
    };
  }

  private subtypeSummary(rules: PackRules, m: Measure, s: Subtype): SubtypeSummary {
    const pool = s.poolCode === null ? null : (rules.pools.find((p) => p.code === s.poolCode) ?? null);
    const enc = encodeURIComponent;
    return {
      code: s.code,
      title: s.title,
      filedBy: s.filedBy ?? 'applicant',
      applicants: s.applicants.map((kind) => ({ kind, label: APPLICANT_SPEC_LABELS[kind] })),
      award: summariseAward(rules, s),
      pool: pool === null ? null : { code: pool.code, name: pool.name, annualFen: pool.annualFen },
      routing: {
        lead: this.bureau(rules, s.routing.lead),
        coReviewers: s.routing.coReviewers.map((b) => this.bureau(rules, b)),
        districtReview: s.routing.districtReview,
      },
      reviewStages: reviewPlanOf(s.review?.stages, {
        lead: s.routing.lead,
        coReviewers: s.routing.coReviewers,
        district: s.routing.districtReview ? DISTRICT_PLACEHOLDER : null,
      }).map((st) => ({
        ...st,
        title: stageWords(st.code, s.review?.stages.find((x) => x.code === st.code)?.title),
        bureaus: st.bureaus.map((b) => this.bureau(rules, b)),
      })),
      coFunding: s.coFunding === null ? null : { districtShareBp: resolveBp(rules, s.coFunding.districtShareBp) },
      eligibility: s.eligibility.map((e) => ({ code: e.reason.code, zh: e.reason.zh, en: e.reason.en })),
      limits: s.limits.map((l) => ({ scope: l.scope, capFen: resolveFen(rules, l.capFen).toString(), label: l.label })),
      cumulativeCap: s.cumulativeCap !== null,
      formPath: `/catalog/packs/${enc(rules.packId)}/measures/${enc(m.code)}/subtypes/${enc(s.code)}/form?version=${rules.version}`,
    };
  }
}
