import type { ApplicantSpec, District } from './pack/schema';
import { APPLICANT_SPEC_WORDS } from './words/applicant';

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

/** Who may apply, in words (the catalogue's). */
export const APPLICANT_SPEC_LABELS: Record<ApplicantSpec, { zh: string; en: string }> = APPLICANT_SPEC_WORDS;

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
