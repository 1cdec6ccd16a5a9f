import type { Localized } from './api/types';

/** A form rule as the catalog publishes it with a form (`x-form-rules`, src/domain/pack/forms.ts), with its words. */
interface FormRule {
  kind: 'notAfterReceipt' | 'atMostField';
  field: string;
  other?: string;
  text: Localized;
}

/** The day `now` falls on in the policy's time zone, YYYY-MM-DD: the day an application sent now is received. */
export function dayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whether `a` is beyond `b` for the field's type: amounts as whole fen, counts as numbers, dates as text. */
function exceeds(type: unknown, a: unknown, b: unknown): boolean {
  if (type === 'fen') return typeof a === 'string' && typeof b === 'string' && /^\d+$/.test(a) && /^\d+$/.test(b) && BigInt(a) > BigInt(b);
  if (type === 'integer') return typeof a === 'number' && typeof b === 'number' && a > b;
  return typeof a === 'string' && typeof b === 'string' && a > b;
}

/**
 * The form rules `data` breaks, each at its field with its words (the receipt date filled in as the
 * day `now` falls on): the same rules the API checks on submit, so the mistake shows before sending.
 */
export function formRuleErrors(schema: Record<string, unknown>, data: Record<string, unknown>, now: Date): { field: string; text: Localized }[] {
  const rules = (Array.isArray(schema['x-form-rules']) ? schema['x-form-rules'] : []) as FormRule[];
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const today = dayIn(now, typeof schema['x-time-zone'] === 'string' ? schema['x-time-zone'] : 'Asia/Shanghai');
  const fill = (s: string): string => s.replace('{receivedOn}', today);
  return rules.flatMap((r) => {
    const type = properties[r.field]?.['x-field-type'];
    const bound = r.kind === 'notAfterReceipt' ? (type === 'yearMonth' ? today.slice(0, 7) : today) : data[r.other ?? ''];
    return exceeds(type, data[r.field], bound) ? [{ field: r.field, text: { zh: fill(r.text.zh), en: fill(r.text.en) } }] : [];
  });
}
