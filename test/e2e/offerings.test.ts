import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { archiveOfferings } from './offering-cleanup';

/**
 * Offerings in a real browser against the production build: the demo instructor creates an
 * offering on the staff's Offerings page, lands in it (the header's switcher names it), switches
 * back to the first offering with the switcher, and does the same in Chinese. Screenshots at a
 * laptop and a phone width go to the artifacts folder.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

describe.skipIf(!chromiumPath)('offerings in the browser', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${baseURL}/sign-in?next=${encodeURIComponent('/staff/offerings')}`);
    await page.fill('input[name=email]', 'instructor@deltalab.local');
    await page.fill('input[name=password]', demoInstructorPassword());
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/staff/offerings`);
  });

  afterAll(async () => {
    if (page) await archiveOfferings(page, baseURL, /NNDL ch\.4 e2e|中文班/);
    await browser?.close();
  });

  const selected = () => page.$eval('.site-header .offering-switch select', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');

  async function shoot(name: string) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(artifacts, `offerings-${name}-laptop.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(artifacts, `offerings-${name}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** Chooses the option matching `label` and presses Switch; waits until the page's heading says `heading`. */
  async function switchTo(label: RegExp, heading: string) {
    const options = await page.$$eval('.site-header .offering-switch option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
    const target = options.find((o) => label.test(o.text));
    expect(target, `no switcher option matches ${label}`).toBeDefined();
    await page.selectOption('.site-header .offering-switch select', target!.value);
    await page.click('.site-header .offering-switch button[type=submit]');
    await page.waitForSelector(`h2:has-text("${heading}")`);
  }

  it('creates an offering and lands in it (English)', async () => {
    await page.fill('form[aria-label="Create an offering"] input[name=title]', 'NNDL ch.4 e2e');
    await page.fill('form[aria-label="Create an offering"] input[name=term]', 'spring 2027, class 2');
    await page.fill('form[aria-label="Create an offering"] input[name=timeZone]', 'Asia/Shanghai');
    await page.click('form[aria-label="Create an offering"] button[type=submit]');
    await page.waitForSelector('text=Created NNDL ch.4 e2e');
    await page.waitForFunction(() => (document.querySelector('.site-header .offering-switch select') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.includes('NNDL ch.4 e2e'));
    expect(await selected()).toContain('NNDL ch.4 e2e');
    expect(await page.textContent('h2')).toContain('This offering: NNDL ch.4 e2e');
    expect(await page.inputValue('input[name=timeZone]')).toBe('Asia/Shanghai');
    await shoot('created-en');
  });

  it('switches back to the first offering with the header switcher (English)', async () => {
    await switchTo(/^NNDL chapter 4/, 'This offering: NNDL chapter 4');
    expect(await selected()).toMatch(/^NNDL chapter 4/);
  });

  it('does the same in Chinese', async () => {
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=locale][value=zh]')]);
    await page.waitForSelector('h1:has-text("开课")');
    await page.fill('form[aria-label="创建开课"] input[name=title]', 'NNDL 第四章 中文班');
    await page.fill('form[aria-label="创建开课"] input[name=timeZone]', 'Asia/Shanghai');
    await page.click('form[aria-label="创建开课"] button[type=submit]');
    await page.waitForSelector('text=已创建 NNDL 第四章 中文班');
    await page.waitForFunction(() => (document.querySelector('.site-header .offering-switch select') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.includes('中文班'));
    expect(await selected()).toContain('NNDL 第四章 中文班');
    expect(await page.textContent('h2')).toContain('当前开课：NNDL 第四章 中文班');
    await shoot('created-zh');
    await switchTo(/^NNDL ch\.4 e2e/, '当前开课：NNDL ch.4 e2e');
    expect(await selected()).toMatch(/^NNDL ch\.4 e2e/);
    await shoot('switched-zh');
    expect(pageErrors).toEqual([]);
  });
});
