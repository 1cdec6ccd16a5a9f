import { z } from 'zod';
import { storable, storableText, type TextOptions } from '../domain/text.schema';
import { bilingual, REQUEST_SENTENCES } from '../domain/words/validation';

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

/**
 * A whole-number query parameter written as digits only: not `z.coerce.number()`, which takes
 * " ", "\v", "0x10" and "1e1" for numbers.
 */
export const queryInt = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field} must be a whole number from ${min} to ${max}` })
    .regex(/^(0|[1-9][0-9]{0,8})$/, bilingual(REQUEST_SENTENCES.wholeNumberDigits(field, min, max)))
    .transform(Number)
    .pipe(z.number().min(min, `${field} must be at least ${min}`).max(max, `${field} must be at most ${max}`));
