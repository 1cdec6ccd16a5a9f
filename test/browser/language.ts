import type { Page } from 'playwright-core';

// The language scan of a page: in Chinese no Latin-letter codes, ids or English sentences; in
// English no Chinese sentences. What a person typed or uploaded (names, answers, file names) is the
// page's to mark with translate="no", the HTML attribute for text no translation may touch; that text
// is not the page's words and is left out.

/** Names a Chinese reader reads in Latin letters, and units and formats written so in Chinese too. */
export const LATIN_NAMES = ['Temporal', 'Web UI', 'PDF', 'PNG', 'JPEG', 'JSON', 'KB', 'MB', 'English'];

/** The case reference (AP-2026-0123456789) is a number people quote, in either language. */
const REFERENCE = /\bAP-\d{4}-[0-9A-F]{10}\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const LATIN = /[A-Za-z][A-Za-z0-9_.:/-]*/g;
// Han characters in a run, with any Chinese punctuation inside it.
const HAN = /[\u3400-\u9fff][\u3000-\u303f\uff00-\uffef\u3400-\u9fff]*/g;

/**
 * The visible text of the page that is its own (not inside translate="no"), node by node. Run in the
 * page, so written as the page's script (this project compiles without the DOM's types).
 */
const OWN_TEXT = `(() => {
  const lines = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    // What a person is typing into a field is theirs, in whatever language they write.
    if (!el || el.closest('[translate="no"], textarea, script, style, noscript, svg title, svg desc')) continue;
    // Only what is shown: a hidden element's text is no one's reading.
    if (el.closest('[hidden], [aria-hidden="true"]') || !el.checkVisibility({ checkVisibilityCSS: true })) continue;
    const text = (n.textContent || '').trim();
    if (text) lines.push(text);
  }
  // A chart or a region names itself for screen readers only: its name is read too (the names antd
  // gives its own icons and controls, in English whatever the locale, are the library's, not the page's).
  const named = 'svg[role="img"] > title, svg[role="img"] > desc, [role="img"][aria-label]:not(.anticon), [role="region"][aria-label], nav[aria-label]';
  for (const el of document.querySelectorAll(named)) {
    if (el.closest('[translate="no"]')) continue;
    const text = (el.hasAttribute('aria-label') ? el.getAttribute('aria-label') : el.textContent || '').trim();
    if (text) lines.push(text);
  }
  return lines;
})()`;

const ownText = (page: Page): Promise<string[]> => page.evaluate<string[]>(OWN_TEXT);

/** What a Chinese reader should not meet: UUIDs and Latin-letter words other than the names allowed. */
export function foreignInChinese(lines: readonly string[], allowed: readonly string[] = []): string[] {
  const names = [...LATIN_NAMES, ...allowed];
  const found: string[] = [];
  for (const line of lines) {
    let rest = line.replace(REFERENCE, ' ');
    for (const name of names) rest = rest.split(name).join(' ');
    if (UUID.test(rest) || (rest.match(LATIN) ?? []).length > 0) found.push(line);
  }
  return [...new Set(found)];
}

/** What an English reader should not meet: Chinese words other than the language switch's "中文". */
export function foreignInEnglish(lines: readonly string[], allowed: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const line of lines) {
    let rest = line;
    for (const name of ['中文', ...allowed]) rest = rest.split(name).join(' ');
    if ((rest.match(HAN) ?? []).length > 0) found.push(line);
  }
  return [...new Set(found)];
}

async function switchTo(page: Page, lang: 'zh' | 'en'): Promise<void> {
  const current = (await page.evaluate<string | null>("localStorage.getItem('lang')")) ?? 'zh';
  if (current === lang) return;
  // Dispatched, not clicked: an open dialog's mask covers the switch, and the dialog is read in both languages too.
  await page.getByText(lang === 'zh' ? '中文' : 'English', { exact: true }).dispatchEvent('click');
  await page.waitForFunction(`document.documentElement.lang === '${lang === 'zh' ? 'zh-CN' : 'en'}'`);
  // antd animates a field's old error out: read the page once it has gone.
  await page.waitForFunction(`!document.querySelector('[class*="show-help-leave"], [class*="show-help-item-leave"]')`);
}

/**
 * Reads the page in Chinese and then in English and returns what is in the other language (empty
 * when the page is in one language each time), leaving the page in the language it was in. `allowed`
 * names Latin text a step knows the page rightly shows (e.g. a name a user typed the page cannot mark).
 */
export async function foreignText(page: Page, allowed: readonly string[] = []): Promise<{ zh: string[]; en: string[] }> {
  const start = (await page.evaluate<string | null>("localStorage.getItem('lang')")) === 'en' ? 'en' : 'zh';
  await switchTo(page, 'zh');
  const zh = foreignInChinese(await ownText(page), allowed);
  await switchTo(page, 'en');
  const en = foreignInEnglish(await ownText(page));
  await switchTo(page, start);
  return { zh, en };
}

/** Fails with every line in the other language, Chinese and English pages both. */
export async function expectOneLanguage(page: Page, allowed: readonly string[] = []): Promise<void> {
  const found = await foreignText(page, allowed);
  if (process.env.LANGUAGE_SCAN_REPORT) {
    // A survey of every page instead of a stop at the first: LANGUAGE_SCAN_REPORT=1 jest …
    if (found.zh.length || found.en.length) console.log(`${new URL(page.url()).pathname}\n${JSON.stringify(found, null, 1)}`);
    return;
  }
  expect({ page: new URL(page.url()).pathname, ...found }).toEqual({ page: new URL(page.url()).pathname, zh: [], en: [] });
}
