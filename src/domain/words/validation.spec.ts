import { z } from 'zod';
import { issuesOf } from '../../common/zod';
import { freeText, idText, queryInt, uuidParam } from '../../common/text';
import { calendarDate, instant } from '../date.schema';
import { DecisionSchema } from '../../tasks/task.dto';
import { OrganisationIdSchema, UpdateOrganisationSchema } from '../../identity/identity.dto';
import { issueZh, refusalZh } from './validation';

/** What the API would return for `value`: each issue's path, English and Chinese. */
const refusal = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) throw new Error('expected a refusal');
  return issuesOf(r.error);
};

describe('a refused request field in both languages', () => {
  it.each([
    ['missing text', z.object({ reason: freeText('reason') }), {}, 'reason is required', '此项必填'],
    ['text of the wrong type', z.object({ reason: freeText('reason') }), { reason: 3 }, 'reason must be text', '须为文字'],
    ['empty text', z.object({ reason: freeText('reason') }), { reason: '  ' }, 'reason must not be empty', '不能为空'],
    ['text too long', z.object({ code: idText('code', 5) }), { code: 'abcdef' }, 'code is longer than 5 characters', '最多 5 个字符'],
    [
      'a control character',
      z.object({ code: idText('code') }),
      { code: 'a\u0007' },
      'code must not contain the control character U+0007 / 不得包含控制字符 U+0007',
      '不得包含控制字符 U+0007',
    ],
    ['a number too small', z.object({ n: z.number().min(3) }), { n: 1 }, 'Too small: expected number to be >=3', '不得小于 3'],
    ['a number too big', z.object({ n: z.number().max(1200, 'n must be at most 1200') }), { n: 5000 }, 'n must be at most 1200', '不得大于 1,200'],
    ['a list too short', z.object({ q: z.array(z.string()).min(1) }), { q: [] }, 'Too small: expected array to have >=1 items', '至少须有 1 项'],
    ['a list too long', z.object({ q: z.array(z.string()).max(2) }), { q: ['a', 'b', 'c'] }, 'Too big: expected array to have <=2 items', '最多 2 项'],
    [
      'an unknown enum value',
      z.object({ s: z.enum(['open', 'claimed']) }),
      { s: 'shut' },
      'Invalid option: expected one of "open"|"claimed"',
      '须为以下之一:open、claimed',
    ],
    ['an unknown key', z.object({ a: z.string() }).strict(), { a: 'x', colour: 'red' }, 'Unrecognized key: "colour"', '不认识的字段:colour(请删去)'],
    ['not a UUID', z.object({ id: uuidParam('id', 'a case id') }), { id: 'abc' }, 'id must be a case id (a UUID)', '须为有效的编号(UUID)'],
    ['not an email', z.object({ e: z.email() }), { e: 'nobody' }, 'Invalid email address', '须为有效的电子邮箱地址'],
    ['a date not on the calendar', z.object({ d: calendarDate('d') }), { d: '2025-02-30' }, 'd is not a real calendar date', '不是有效的日期'],
    ['a date badly written', z.object({ d: calendarDate('d') }), { d: '30/02/2025' }, 'd must be a date written YYYY-MM-DD', '须为日期,格式为 年-月-日'],
    ['a date out of range', z.object({ d: calendarDate('d') }), { d: '1800-01-01' }, 'd must be a date between 1900 and 2199', '须在 1900 年至 2199 年之间'],
    [
      'an instant without its offset',
      z.object({ t: instant('t') }),
      { t: '2026-12-01T00:00:00' },
      expect.stringContaining('t must be an ISO 8601 instant'),
      '须为带时区的日期时间,例如 2026-12-01T00:00:00+08:00',
    ],
    [
      'a query number in words',
      z.object({ limit: queryInt('limit', 1, 100) }),
      { limit: 'ten' },
      'limit must be a whole number from 1 to 100, written in digits',
      '须为 1 至 100 之间的整数,用数字书写',
    ],
    ['a query number too big', z.object({ limit: queryInt('limit', 1, 100) }), { limit: '500' }, 'limit must be at most 100', '不得大于 100'],
    [
      'an organisation id badly written',
      z.object({ id: OrganisationIdSchema }),
      { id: 'Org Lingxi' },
      'an organisation id is 1–63 lowercase letters, digits and hyphens, e.g. org-lingxi',
      '单位编号须由 1–63 个小写字母、数字和连字符组成,例如 org-lingxi',
    ],
    ['a change of nothing', UpdateOrganisationSchema, {}, 'name at least one field to change', '请至少修改一项'],
    ['a multiple', z.object({ n: z.number().multipleOf(5) }), { n: 7 }, 'Invalid number: must be a multiple of 5', '须为 5 的倍数'],
    ['a custom check without Chinese', z.object({ n: z.string().refine(() => false, 'n is odd') }), { n: 'x' }, 'n is odd', '填写的内容不符合要求'],
  ])('%s', (_what, schema, value, en, zh) => {
    expect(refusal(schema, value)).toEqual([{ path: expect.any(String), message: en, zh }]);
  });

  it('a rejection without a reason, and a field that is not part of the decision, in both languages', () => {
    expect(refusal(DecisionSchema, { decision: 'reject', questions: ['why?'] })).toEqual([
      { path: 'reason', message: 'a rejection needs a reason', zh: '不予通过须说明理由' },
      { path: 'questions', message: 'questions is not part of a "reject" decision', zh: '此项不属于“不同意”决定,请删去' },
    ]);
  });

  it('a wrong type names what was expected; a missing value says it is required', () => {
    expect(issueZh({ code: 'invalid_type', expected: 'number', input: 'x' })).toBe('须为数字');
    expect(issueZh({ code: 'invalid_type', expected: 'number', input: undefined })).toBe('此项必填');
    expect(issueZh({ code: 'invalid_type', expected: 'boolean', input: 1 })).toBe('须为“是”或“否”');
  });

  it('limits read by what they measure, exclusive bounds included', () => {
    expect(issueZh({ code: 'too_small', origin: 'string', minimum: 3, inclusive: true })).toBe('至少须有 3 个字符');
    expect(issueZh({ code: 'too_small', origin: 'number', minimum: 0, inclusive: false })).toBe('须大于 0');
    expect(issueZh({ code: 'too_big', origin: 'string', maximum: 2000, inclusive: true })).toBe('最多 2,000 个字符');
    expect(issueZh({ code: 'too_big', origin: 'string', maximum: 6, inclusive: true, exact: true })).toBe('须恰好为 6 个字符');
    expect(issueZh({ code: 'invalid_value', values: ['approve'] })).toBe('须为 approve');
  });

  it('a whole refusal names each field that has a name, and leaves a pack form’s sentences as they are', () => {
    expect(
      refusalZh([
        { path: 'reason', zh: '不能为空' },
        { path: 'query.status', zh: '须为以下之一:open、claimed' },
        { path: 'questions.0', zh: '最多 1,000 个字符' },
        { path: 'form.projectName', zh: '项目名称不能为空' },
        { path: 'constructor', zh: '不认识的字段' },
        { path: '(body)', zh: '不认识的字段:colour(请删去)' },
      ]),
    ).toBe('理由:不能为空;状态:须为以下之一:open、claimed;补正问题:最多 1,000 个字符;项目名称不能为空;不认识的字段;不认识的字段:colour(请删去)');
    expect(refusalZh([{ path: 'reason', zh: '不能为空' }, { path: 'x' }])).toBeUndefined();
    expect(refusalZh([])).toBeUndefined();
  });
});
