import { z } from 'zod';

// People by name: a response that names a user by id (who acted, who holds a task, who settled an
// order) gets the user's name beside it, so no page shows a login id where a name exists.

/** A person's name beside their id, added to every response by PeopleNamesInterceptor. */
export const PersonName = z.string().nullable().optional().describe('the user’s name (null for an id no user has, e.g. the command line’s cli:<login>)');

/** The id fields that name a person, each with the field its name goes in. */
const PERSON_FIELDS: Record<string, string> = {
  actorId: 'actorName',
  assigneeId: 'assigneeName',
  completedById: 'completedByName',
  settledById: 'settledByName',
};

/** Fields that carry a record as stored (a timeline entry's event, a form): names there are not the response's to add. */
const AS_STORED = new Set(['data', 'payload', 'form']);

/** A plain object of a JSON body (not a Date, Buffer or class instance, which pass unchanged). */
const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** The user ids a response names, anywhere in it. */
export function peopleIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) peopleIn(v, out);
  else if (isPlain(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k in PERSON_FIELDS && typeof v === 'string') out.add(v);
      else if (!AS_STORED.has(k)) peopleIn(v, out);
    }
  }
  return out;
}

/**
 * The response with each person's name beside their id (null for an id no user has, e.g. the command
 * line's "cli:<login>" or a removed user). A new object; the input is left as it was.
 */
export function withNames<T>(value: T, names: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withNames(v, names)) as T;
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = AS_STORED.has(k) ? v : withNames(v, names);
    const nameField = PERSON_FIELDS[k];
    if (nameField !== undefined && (typeof v === 'string' || v === null)) out[nameField] = v === null ? null : (names.get(v) ?? null);
  }
  return out as T;
}

/** Only JSON bodies are named: a file's bytes, a stream or a text body pass as they are. */
export const isJsonBody = (v: unknown): boolean => Array.isArray(v) || isPlain(v);
