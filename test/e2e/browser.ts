import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no downloaded browser). Screenshots go under
 * .screenshots/<suite>/ (git-ignored) so a person can look at the key pages after a run.
 */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };

export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport, locale: 'vi-VN' });
}

export function screenshotter(suite: string) {
  const dir = path.join('.screenshots', suite);
  return async (page: Page, name: string, fullPage = true) => {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
  };
}

/** Signs in through the local chooser of demo users, as a person would: open the page, press their button. */
export async function signIn(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/app/sign-in');
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.waitForURL('**/app/home');
  return page;
}
