import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); Playwright's own browser download is never used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A full-page screenshot under test-results/screenshots (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Picks an option of an Ant Design select by its label, the way a user does, and waits until the
 * dropdown has closed: its listbox lingers in the page while it animates away, and an axe check
 * run in that moment reports the half-gone popup rather than the page.
 */
export async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: select }).click();
  await page.locator('.ant-select-item-option', { hasText: option }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
}

/** The axe-core violations a user of assistive technology would be blocked or seriously hindered by. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          // The element itself as well as its selector: a selector alone rarely says which one it was.
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`)
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** Resolves with the locator's text once it is visible (and fails after the timeout otherwise). */
export async function visibleText(locator: Locator, timeout = 20_000): Promise<string> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return (await locator.first().innerText()).trim();
}

/** Signs in through the sign-in page as a seeded user, on a fresh page of its own. */
export async function signInAs(browser: Browser, baseUrl: string, userId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `以此身份登录 ${userId}`, exact: true }).click();
  await page.getByTestId('current-user').filter({ hasText: userId }).waitFor();
  await page.waitForURL((u) => u.pathname !== '/sign-in');
  return page;
}

/** The antd form item (label, control and its error line) holding the control labelled `label`. */
export function formItem(page: Page, label: string): Locator {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .last();
}
