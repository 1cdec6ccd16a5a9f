import { z } from 'zod';
import { isStorableText, textProblem } from './text';
import { storableText } from './text.schema';

describe('storable text', () => {
  it('accepts what PostgreSQL and JSON hold unchanged: CJK, emoji (paired surrogates), and line breaks where allowed', () => {
    expect(isStorableText('深圳市 AI 先锋城市 😀')).toBe(true);
    expect(isStorableText('one\ntwo\tthree\r\n', true)).toBe(true);
    expect(isStorableText('one\ntwo')).toBe(false);
  });

  it('refuses NUL, unpaired surrogates and control characters, saying which in both languages', () => {
    expect(textProblem('a\u0000b')).toEqual({ en: 'must not contain the NUL character (U+0000)', zh: '不得包含空字符(U+0000)' });
    expect(textProblem('\ud83d')?.en).toBe('must not contain an unpaired surrogate (U+D83D)');
    expect(textProblem('x\ude00')?.en).toBe('must not contain an unpaired surrogate (U+DE00)');
    expect(textProblem('\u001b[31m', true)?.en).toBe('must not contain the control character U+001B');
    expect(textProblem('\u0085')?.en).toBe('must not contain the control character U+0085');
    expect(textProblem('\u007f')?.en).toBe('must not contain the control character U+007F');
  });

  it('builds schemas that name the field and keep their limits', () => {
    const s = z.object({ reason: storableText('reason', { max: 5, trim: true, multiline: true }) });
    const msg = (v: unknown) => {
      const r = s.safeParse({ reason: v });
      return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(msg('  ok  ')).toBeNull();
    expect(msg('a\u0000')).toEqual(['reason: reason must not contain the NUL character (U+0000) / 不得包含空字符(U+0000)']);
    expect(msg('   ')).toEqual(['reason: reason must not be empty']);
    expect(msg('toolong')).toEqual(['reason: reason is longer than 5 characters']);
    expect(msg(undefined)).toEqual(['reason: reason is required']);
    expect(msg(7)).toEqual(['reason: reason must be text']);
  });
});
