// The custom search attributes of a case, so cases can be found in the Web UI and with
// `temporal workflow list --query "MeasureCode='m2'"`. Keys are plain { name, type } values (what the
// SDK's defineSearchAttributeKey builds), so workflow code needs nothing beyond @temporalio/workflow.
import type { CaseState } from '../src/domain/case/machine';

export const SearchAttributeKeys = {
  CaseId: { name: 'CaseId', type: 'KEYWORD' },
  CaseReference: { name: 'CaseReference', type: 'KEYWORD' },
  CaseStatus: { name: 'CaseStatus', type: 'KEYWORD' },
  MeasureCode: { name: 'MeasureCode', type: 'KEYWORD' },
  OrganisationId: { name: 'OrganisationId', type: 'KEYWORD' },
  PackId: { name: 'PackId', type: 'KEYWORD' },
  BureauCodes: { name: 'BureauCodes', type: 'KEYWORD_LIST' },
} as const;

type Pair = { key: { name: string; type: 'KEYWORD' }; value: string } | { key: { name: string; type: 'KEYWORD_LIST' }; value: string[] };

/** The case's id and reference (absent for a case filed without one). */
export interface CaseIdentity {
  caseId: string;
  reference: string | null;
}

/** Who a workflow that serves a case is about (its award, lab, rent-free clock, notices). */
export interface RelatedIdentity {
  caseId?: string | null;
  reference?: string | null;
  organisationId?: string;
  packId?: string;
}

/**
 * The attributes of a workflow that serves a case: the case's id, reference, organisation and pack,
 * so `CaseId='…'` lists a case with all its workflows. Measure, status and bureaus stay on the case.
 */
export function relatedAttributes(c: RelatedIdentity): Pair[] {
  const k = SearchAttributeKeys;
  return [
    ...(c.caseId ? [{ key: k.CaseId, value: c.caseId }] : []),
    ...(c.reference ? [{ key: k.CaseReference, value: c.reference }] : []),
    ...(c.organisationId ? [{ key: k.OrganisationId, value: c.organisationId }] : []),
    ...(c.packId ? [{ key: k.PackId, value: c.packId }] : []),
  ];
}

/** The attributes of a case's current state, and a key that changes exactly when they do. */
export function caseSearchAttributes(s: CaseState, identity: CaseIdentity): { key: string; pairs: Pair[] } {
  const k = SearchAttributeKeys;
  const bureaus = [...new Set(s.tasks.map((t) => t.bureauCode))].sort();
  const pairs: Pair[] = [
    { key: k.CaseId, value: identity.caseId },
    ...(identity.reference ? [{ key: k.CaseReference, value: identity.reference }] : []),
    { key: k.CaseStatus, value: s.status },
    { key: k.OrganisationId, value: s.facts.organisationId },
    { key: k.PackId, value: s.facts.packId },
    ...(s.assessment ? [{ key: k.MeasureCode, value: s.assessment.measureCode }] : []),
    ...(bureaus.length > 0 ? [{ key: k.BureauCodes, value: bureaus }] : []),
  ];
  return { key: JSON.stringify(pairs.map((p) => p.value)), pairs };
}

/** The pairs whose value differs from what the workflow has now (`workflowInfo().typedSearchAttributes`). */
export function changedAttributes(pairs: Pair[], current: { get(key: Pair['key']): unknown }): Pair[] {
  return pairs.filter((p) => JSON.stringify(current.get(p.key) ?? null) !== JSON.stringify(p.value));
}
