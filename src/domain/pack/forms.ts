import { z } from 'zod';
import { FEN_PATTERN, FenString } from '../money';
import { dateProblem, EARLIEST_YEAR, LATEST_YEAR } from '../date.schema';
import { findMeasure } from './pack';
import type { PackRules } from './rules';
import type { FieldSpec, FormRule, LocalizedText, Subtype } from './schema';
import { assertNever } from '../assert';
import { textProblem } from '../text';
import { FIELD_SENTENCES } from '../words/form';
import { FORM_RULE_SENTENCES } from '../words/form';

/** A field error: `message` in English, `zh` in Chinese where the rule has its words in both. */
export interface FormIssue {
  path: string;
  message: string;
  zh?: string;
}

export type FormResult = { ok: true; form: Record<string, unknown> } | { ok: false; issues: FormIssue[] };

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR_MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Every field refusal's Chinese by its English: the schema library keeps one message per issue, so
 * the schema carries the English and validateForm finds the Chinese here. Labels differ per field,
 * so one English sentence has one Chinese one.
 */
const CHINESE = new Map<string, string>();
const say = (words: LocalizedText): string => {
  CHINESE.set(words.en, words.zh);
  return words.en;
};

function fieldSchema(f: FieldSpec): z.ZodType {
  const label = f.label;
  const W = FIELD_SENTENCES;
  switch (f.type) {
    case 'fen': {
      let s: z.ZodType<string> = FenString;
      const { min, max } = f;
      if (min !== undefined) {
        s = s.refine((v) => !FEN_PATTERN.test(v) || BigInt(v) >= BigInt(min), { error: say(W.atLeastYuan(label, BigInt(min))) });
      }
      if (max !== undefined) {
        s = s.refine((v) => !FEN_PATTERN.test(v) || BigInt(v) <= BigInt(max), { error: say(W.atMostYuan(label, BigInt(max))) });
      }
      return s;
    }
    case 'integer': {
      let s = z.number({ error: say(W.wholeNumber(label)) }).int({ error: say(W.wholeNumber(label)) });
      if (f.min !== undefined) s = s.min(f.min, { error: say(W.atLeast(label, f.min)) });
      if (f.max !== undefined) s = s.max(f.max, { error: say(W.atMost(label, f.max)) });
      return s;
    }
    case 'text':
      return z
        .string({ error: say(W.text(label)) })
        .superRefine((v, ctx) => {
          const p = textProblem(v, true);
          if (p) ctx.addIssue({ code: 'custom', message: say(W.unstorable(label, p)) });
        })
        .min(Math.max(f.minLength ?? 0, f.required ? 1 : 0), { error: say(W.notEmpty(label)) })
        .max(f.maxLength ?? 2000, { error: say(W.tooLong(label, f.maxLength ?? 2000)) })
        .refine((v) => !f.required || v === '' || v.trim() !== '', { error: say(W.notBlank(label)) });
    case 'date':
      return (
        z
          .string({ error: say(W.dateShape(label)) })
          .regex(DATE_SHAPE, { error: say(W.dateShape(label)) })
          // zod runs refinements after a failed regex too; guard so one bad value gets one message.
          .refine((v) => !DATE_SHAPE.test(v) || dateProblem(v) !== 'calendar', { error: say(W.notACalendarDate(label)) })
          .refine((v) => dateProblem(v) !== 'range', { error: say(W.dateRange(label, EARLIEST_YEAR, LATEST_YEAR)) })
      );
    case 'yearMonth':
      return z
        .string({ error: say(W.monthShape(label)) })
        .regex(YEAR_MONTH_SHAPE, { error: say(W.monthShape(label)) })
        .refine((v) => !YEAR_MONTH_SHAPE.test(v) || dateProblem(`${v}-01`) !== 'range', {
          error: say(W.monthRange(label, EARLIEST_YEAR, LATEST_YEAR)),
        });
    case 'boolean':
      return z.boolean({ error: say(W.yesOrNo(label)) });
    case 'enum': {
      const values = f.options.map((o) => o.value);
      return z.enum(values as [string, ...string[]], { error: say(W.oneOf(label, f.options)) });
    }
    case 'document':
      return z
        .string({ error: say(W.document(label)) })
        .superRefine((v, ctx) => {
          const p = textProblem(v);
          if (p) ctx.addIssue({ code: 'custom', message: say(W.unstorable(label, p)) });
        })
        .trim()
        .min(1, { error: say(W.document(label)) })
        .max(200, { error: say(W.documentTooLong(label)) });
    default:
      return assertNever(f);
  }
}

const formSchemas = new WeakMap<Subtype, z.ZodObject>();

/** The zod schema of a sub-type's form, built from its field specs. Unknown fields are refused. */
export function formSchemaOf(subtype: Subtype): z.ZodObject {
  let s = formSchemas.get(subtype);
  if (!s) {
    const shape: Record<string, z.ZodType> = {};
    for (const f of subtype.form) {
      const base = fieldSchema(f).meta({
        title: f.label.en,
        description: f.help ? `${f.label.zh} — ${f.help.en}` : f.label.zh,
        'x-label': f.label,
        'x-field-type': f.type,
        // An enum's values in words, as the pack names them: pages show these, never the value.
        ...(f.type === 'enum' ? { 'x-options': f.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
      });
      shape[f.name] = f.required ? base : base.optional();
    }
    s = z.object(shape).strict();
    formSchemas.set(subtype, s);
  }
  return s;
}

type Lookup = { ok: true; subtype: Subtype } | { ok: false; issues: { path: string; message: string }[] };

/** Finds a sub-type that takes applications, or says in words why there is none. */
export function lookupSubtype(rules: PackRules, measureCode: string, subtypeCode: string): Lookup {
  const measure = findMeasure(rules, measureCode);
  if (!measure) {
    const known = rules.measures.filter((m) => m.acceptsApplications).map((m) => m.code);
    return {
      ok: false,
      issues: [
        {
          path: 'measureCode',
          message: `unknown measure "${measureCode}" in ${rules.packId} v${rules.version}; measures taking applications: ${known.join(', ')}`,
        },
      ],
    };
  }
  if (!measure.acceptsApplications) {
    const r = measure.refusal;
    return {
      ok: false,
      issues: [{ path: 'measureCode', message: r ? `${r.en} (${r.zh})` : `measure ${measure.code} does not take applications` }],
    };
  }
  const subtype = measure.subtypes.find((s) => s.code === subtypeCode);
  if (!subtype) {
    return {
      ok: false,
      issues: [
        {
          path: 'subtypeCode',
          message: `unknown sub-type "${subtypeCode}" of measure ${measure.code}; choose one of: ${measure.subtypes.map((s) => s.code).join(', ')}`,
        },
      ],
    };
  }
  return { ok: true, subtype };
}

export function validateForm(subtype: Subtype, form: unknown): FormResult {
  if (typeof form !== 'object' || form === null || Array.isArray(form)) {
    return { ok: false, issues: [{ path: 'form', message: 'the form must be a JSON object of field values' }] };
  }
  const r = formSchemaOf(subtype).safeParse(form);
  if (r.success) return { ok: true, form: r.data as Record<string, unknown> };
  const known = subtype.form.map((f) => f.name).join(', ');
  const issues = r.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: `form.${k}`, message: `unknown field "${k}"; the ${subtype.code} form has: ${known}` }))
      : [{ path: ['form', ...i.path.map(String)].join('.'), message: i.message, ...(CHINESE.has(i.message) ? { zh: CHINESE.get(i.message) } : {}) }],
  );
  return { ok: false, issues };
}

/**
 * Checks an application's form; with `receivedOn` (the receipt date in the pack's time zone, from
 * the service's clock), also the sub-type's form rules, so a mistake the form shows is refused at
 * its field before anything is stored.
 */
export function validateApplicationForm(rules: PackRules, measureCode: string, subtypeCode: string, form: unknown, receivedOn?: string): FormResult {
  const found = lookupSubtype(rules, measureCode, subtypeCode);
  if (!found.ok) return found;
  const checked = validateForm(found.subtype, form);
  if (!checked.ok || receivedOn === undefined) return checked;
  const issues = checkFormRules(found.subtype, checked.form, receivedOn);
  return issues.length > 0 ? { ok: false, issues } : checked;
}

/** Where a rule's words name the receipt date; the pages put today's date there. */
export const RECEIVED_ON = '{receivedOn}';

/** What a broken form rule says, from the fields' own labels; `{receivedOn}` stands for the receipt date. */
export function formRuleText(subtype: Subtype, rule: FormRule): LocalizedText {
  const spec = (name: string): FieldSpec | undefined => subtype.form.find((f) => f.name === name);
  const label = (name: string): LocalizedText => spec(name)?.label ?? { zh: name, en: name };
  const f = label(rule.field);
  switch (rule.kind) {
    case 'notAfterReceipt':
      return FORM_RULE_SENTENCES.notAfterReceipt(f, RECEIVED_ON);
    case 'atMostField': {
      const o = label(rule.other);
      const type = spec(rule.field)?.type;
      return type === 'date' || type === 'yearMonth' ? FORM_RULE_SENTENCES.notLaterThan(f, o) : FORM_RULE_SENTENCES.notMoreThan(f, o);
    }
    default:
      return assertNever(rule);
  }
}

/** Compares two values of one field type: amounts as integers of fen, counts as numbers, dates and months as text. */
function compare(type: FieldSpec['type'] | undefined, a: unknown, b: unknown): number | null {
  if (type === 'fen') {
    if (typeof a !== 'string' || typeof b !== 'string' || !FEN_PATTERN.test(a) || !FEN_PATTERN.test(b)) return null;
    const d = BigInt(a) - BigInt(b);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  }
  if (type === 'integer') return typeof a === 'number' && typeof b === 'number' ? Math.sign(a - b) : null;
  if (type === 'date' || type === 'yearMonth') return typeof a === 'string' && typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : null;
  return null;
}

/**
 * The sub-type's form rules a validated form breaks, each at its field, in Chinese and English.
 * A rule over a field left empty has nothing to judge.
 */
export function checkFormRules(subtype: Subtype, form: Record<string, unknown>, receivedOn: string): FormIssue[] {
  const typeOf = (name: string): FieldSpec['type'] | undefined => subtype.form.find((f) => f.name === name)?.type;
  const issues: FormIssue[] = [];
  for (const rule of subtype.formRules) {
    const type = typeOf(rule.field);
    const value = form[rule.field];
    const bound = rule.kind === 'notAfterReceipt' ? (type === 'yearMonth' ? receivedOn.slice(0, 7) : receivedOn) : form[rule.other];
    const order = compare(type, value, bound);
    if (order === null || order <= 0) continue;
    const text = formRuleText(subtype, rule);
    issues.push({ path: `form.${rule.field}`, message: text.en.replace(RECEIVED_ON, receivedOn), zh: text.zh.replace(RECEIVED_ON, receivedOn) });
  }
  return issues;
}

/** The document fields of a validated form that name a document, in the form's field order. */
export function documentReferences(subtype: Subtype, form: Record<string, unknown>): { field: string; documentId: string }[] {
  return subtype.form.flatMap((f) => {
    const v = form[f.name];
    return f.type === 'document' && typeof v === 'string' ? [{ field: f.name, documentId: v }] : [];
  });
}

/** JSON Schema (draft 2020-12) of a sub-type's form, for clients and the OpenAPI document. */
export function formJsonSchema(rules: PackRules, measureCode: string, subtypeCode: string): object {
  const found = lookupSubtype(rules, measureCode, subtypeCode);
  if (!found.ok) throw new RangeError(found.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const schema = z.toJSONSchema(formSchemaOf(found.subtype), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // The form rules for the pages to check before submitting: what each compares and its words.
  const formRules = found.subtype.formRules.map((r) => ({ ...r, text: formRuleText(found.subtype, r) }));
  return {
    ...schema,
    title: `${found.subtype.title.en} (${found.subtype.code})`,
    description: found.subtype.title.zh,
    ...(formRules.length > 0 ? { 'x-form-rules': formRules, 'x-time-zone': rules.timezone } : {}),
  };
}
