import { z } from 'zod';
import { textProblem } from './text';
import { bilingualIssue, REQUEST_SENTENCES } from './words/validation';

/** A zod refinement refusing text that cannot be stored (./text), naming the field. */
export const storable =
  (field: string, multiline = false) =>
  (v: string, ctx: z.RefinementCtx): void => {
    const p = textProblem(v, multiline);
    if (p) ctx.addIssue(bilingualIssue(REQUEST_SENTENCES.unstorable(field, p)));
  };

export interface TextOptions {
  /** At most this many characters (UTF-16 code units, as PostgreSQL's varchar and JavaScript count). */
  max: number;
  /** At least this many (after trimming when `trim`); 1 by default: empty text is refused. */
  min?: number;
  /** Tab, line feed and carriage return allowed (free text); other control characters never. */
  multiline?: boolean;
  trim?: boolean;
}

/** Text a person or client types: storable, within its limits, every refusal naming the field. */
export function storableText(field: string, o: TextOptions): z.ZodString {
  const min = o.min ?? 1;
  let s = z.string({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be text`) }).superRefine(storable(field, o.multiline));
  if (o.trim) s = s.trim();
  if (min > 0) s = s.min(min, min === 1 ? `${field} must not be empty` : `${field} is shorter than ${min} characters`);
  return s.max(o.max, `${field} is longer than ${String(o.max).replace(/\B(?=(\d{3})+$)/g, ',')} characters`);
}
