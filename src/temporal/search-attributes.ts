import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
// Not re-exported from the package root (the testing package imports it from here too).
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { SearchAttributeKeys as CaseKeys } from '../../workflows/search-attributes';

/** Typed keys of the custom search attributes the workflows upsert, for visibility queries. */
export const SearchAttributeKeys = Object.fromEntries(Object.entries(CaseKeys).map(([k, v]) => [k, defineSearchAttributeKey(v.name, v.type)])) as {
  [K in keyof typeof CaseKeys]: SearchAttributeKey<(typeof CaseKeys)[K]['type']>;
};

/**
 * The attributes of a workflow that serves a case (its award's payments, its lab or rent-free clock,
 * its notices): the case's id, reference, organisation and pack, so `CaseId='…'` lists a case with all
 * its workflows. Measure, status and bureaus describe the case itself and stay on the case workflow
 * only, so `MeasureCode='m2'` lists exactly the measure-2 cases.
 */
export function relatedWorkflowAttributes(c: {
  caseId?: string | null;
  reference?: string | null;
  organisationId?: string;
  packId?: string;
}): TypedSearchAttributes {
  const k = SearchAttributeKeys;
  return new TypedSearchAttributes([
    ...(c.caseId ? [{ key: k.CaseId, value: c.caseId }] : []),
    ...(c.reference ? [{ key: k.CaseReference, value: c.reference }] : []),
    ...(c.organisationId ? [{ key: k.OrganisationId, value: c.organisationId }] : []),
    ...(c.packId ? [{ key: k.PackId, value: c.packId }] : []),
  ]);
}

/** Every custom search attribute the service needs registered on its namespace. */
export const SEARCH_ATTRIBUTES: readonly SearchAttributeKey<SearchAttributeType>[] = Object.values(SearchAttributeKeys);

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function searchAttributeFlags(keys: readonly SearchAttributeKey<SearchAttributeType>[] = SEARCH_ATTRIBUTES): string[] {
  return keys.flatMap((k) => ['--search-attribute', `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`]);
}
