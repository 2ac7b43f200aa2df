import type { Page } from 'playwright-core';

/**
 * Browser tests share one server and database. Someone without an offering cookie acts in their
 * newest open offering, so an offering a test creates would become the demo instructor's
 * offering in every later test file. Tests that create offerings archive them when done: an
 * archived offering is never the default, and stays readable.
 */
export async function archiveOfferings(page: Page, baseURL: string, titles: RegExp): Promise<void> {
  for (let round = 0; round < 6; round++) {
    await page.goto(`${baseURL}/staff/offerings`);
    const currentTitle = (await page.locator('tr[aria-current=true] td').first().textContent()) ?? '';
    const archive = page.locator('form:has(input[name=archived][value=true]) button[type=submit]');
    if (titles.test(currentTitle) && (await archive.count()) > 0) {
      await Promise.all([page.waitForLoadState('load'), archive.click()]);
      await page.waitForSelector('form:has(input[name=archived][value=false])');
      continue;
    }
    // Act in the next open offering of the test's, then archive it from its own page.
    const next = page
      .locator('tbody tr')
      .filter({ hasText: titles })
      .filter({ has: page.locator('td:nth-child(4)', { hasText: /^\s*(open|开放)\s*$/ }) })
      .filter({ has: page.locator('input[name=offeringId]') })
      .first();
    if ((await next.count()) === 0) return;
    await Promise.all([page.waitForURL(/\/staff\/offerings/), next.locator('button[type=submit]').click()]);
  }
}
