import { z } from 'zod';
import { storable, storableText, type TextOptions } from '../domain/text.schema';

// The API's text schemas. The rule itself is src/domain/text.ts (pure, so the case machine applies it
// inside workflows too); every request schema builds its strings from these.
export { storable, storableText, type TextOptions };
export { isStorableText, textProblem } from '../domain/text';

/** A single-line identifier or code a client sends (pack id, measure code, user id, …). */
export const idText = (field: string, max = 100): z.ZodString => storableText(field, { max });

/** Free text a person writes (reasons, answers, comments): trimmed, line breaks allowed. */
export const freeText = (field: string, max = 2000): z.ZodString => storableText(field, { max, multiline: true, trim: true });

/** A path or query id that is a UUID; the OpenAPI document says so (format: uuid). */
export const uuidParam = (field: string, what: string): z.ZodUUID => z.uuid({ error: `${field} must be ${what} (a UUID)` });

/** How a UUID path parameter is documented. */
export const uuidApiParam = (name: string, description: string) => ({ name, description, schema: { type: 'string' as const, format: 'uuid' } });
