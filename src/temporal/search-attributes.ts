import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
// Not re-exported from the package root (the testing package imports it from here too).
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

/** Typed keys of the custom search attributes, for upserts and visibility queries. */
export const SearchAttributeKeys = {
  ApplicationStatus: defineSearchAttributeKey('ApplicationStatus', SearchAttributeType.KEYWORD),
  MeasureCode: defineSearchAttributeKey('MeasureCode', SearchAttributeType.KEYWORD),
  OrganisationId: defineSearchAttributeKey('OrganisationId', SearchAttributeType.KEYWORD),
  BureauCodes: defineSearchAttributeKey('BureauCodes', SearchAttributeType.KEYWORD_LIST),
} as const;

/** Every custom search attribute the service needs registered on its namespace. */
export const SEARCH_ATTRIBUTES: readonly SearchAttributeKey<SearchAttributeType>[] = Object.values(SearchAttributeKeys);

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function searchAttributeFlags(keys: readonly SearchAttributeKey<SearchAttributeType>[] = SEARCH_ATTRIBUTES): string[] {
  return keys.flatMap((k) => ['--search-attribute', `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`]);
}
