import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
// Not re-exported from the package root (the testing package imports it from here too).
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { SearchAttributeKeys as CaseKeys } from '../../workflows/search-attributes';

/** Typed keys of the custom search attributes the workflows upsert, for visibility queries. */
export const SearchAttributeKeys = Object.fromEntries(Object.entries(CaseKeys).map(([k, v]) => [k, defineSearchAttributeKey(v.name, v.type)])) as {
  [K in keyof typeof CaseKeys]: SearchAttributeKey<(typeof CaseKeys)[K]['type']>;
};

/** Every custom search attribute the service needs registered on its namespace. */
export const SEARCH_ATTRIBUTES: readonly SearchAttributeKey<SearchAttributeType>[] = Object.values(SearchAttributeKeys);

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function searchAttributeFlags(keys: readonly SearchAttributeKey<SearchAttributeType>[] = SEARCH_ATTRIBUTES): string[] {
  return keys.flatMap((k) => ['--search-attribute', `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`]);
}
