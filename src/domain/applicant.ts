import type { ApplicantSpec, District } from './pack/schema';

export type ApplicantKind = 'enterprise' | 'university' | 'institute' | 'data_source_unit' | 'park_operator' | 'lab' | 'other';

export interface ApplicantProfile {
  organisationId: string;
  kind: ApplicantKind;
  isStartup: boolean;
  /** District code ("nanshan"), its bureau code ("district:nanshan") or its name ("南山区"). */
  district: string | null;
  /** YYYY-MM-DD */
  registeredOn: string | null;
}

/**
 * The applicant organisation as it stood when a case was received, stored with the case: the
 * assessment reads it, so a later change to the organisation alters no case already received.
 */
export interface ApplicantSnapshot extends ApplicantProfile {
  name: string;
  creditCode: string | null;
  startupEvidence: string | null;
}

export const profileOf = (s: ApplicantSnapshot): ApplicantProfile => ({
  organisationId: s.organisationId,
  kind: s.kind,
  isStartup: s.isStartup,
  district: s.district,
  registeredOn: s.registeredOn,
});

export const APPLICANT_SPEC_LABELS: Record<ApplicantSpec, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'enterprises' },
  startup: { zh: '初创企业', en: 'startups' },
  university: { zh: '高等院校', en: 'universities' },
  institute: { zh: '科研机构', en: 'research institutes' },
  data_source_unit: { zh: '数源单位', en: 'data-source units' },
  park_operator: { zh: '园区运营主体', en: 'park operators' },
  lab: { zh: '重点实验室', en: 'key laboratories' },
  other: { zh: '其他主体', en: 'other organisations' },
};

export function applicantMatches(spec: ApplicantSpec, a: ApplicantProfile): boolean {
  return spec === 'startup' ? a.kind === 'enterprise' && a.isStartup : a.kind === spec;
}

/** The pack's district an applicant is registered in, however the district was written. */
export function resolveDistrict(districts: District[], raw: string | null): District | null {
  if (raw === null) return null;
  const key = raw.trim().toLowerCase();
  if (key === '') return null;
  return districts.find((d) => d.code === key || d.bureau.toLowerCase() === key || d.name.zh === raw.trim() || d.name.en.toLowerCase() === key) ?? null;
}

/** The snapshot a new case stores, from the organisation as registered now. */
export const snapshotOf = (o: Omit<ApplicantSnapshot, 'organisationId'> & { id: string }): ApplicantSnapshot => ({
  organisationId: o.id,
  name: o.name,
  creditCode: o.creditCode,
  kind: o.kind,
  isStartup: o.isStartup,
  startupEvidence: o.startupEvidence,
  district: o.district,
  registeredOn: o.registeredOn,
});
