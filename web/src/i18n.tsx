import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from './money';
import type { Localized } from './api/types';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The Chinese or the English text, side by side where they are written. */
  t(zh: string, en: string): string;
  /** A bilingual text from the API. */
  l(text: Localized | null | undefined): string;
}

const Ctx = createContext<I18n | null>(null);
const KEY = 'lang';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang(next) {
        localStorage.setItem(KEY, next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLangState(next);
      },
      t: (zh, en) => (lang === 'zh' ? zh : en),
      l: (text) => (text ? (lang === 'zh' ? text.zh : text.en) : ''),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** A key lab's n-th evaluation task has the stage lab-evaluation-<n> (its words come from the API). */
export const labCycleOf = (stage: string): number | null => {
  const m = /^lab-evaluation-([1-9][0-9]*)$/.exec(stage);
  return m ? Number(m[1]) : null;
};

/** A grade as the lab's policy labels it (GET /labs/:labId lists them). */
export const gradeText = (grades: readonly { value: string; label: Localized }[], grade: string): Localized | null =>
  grades.find((g) => g.value === grade)?.label ?? null;
