import { randomInt, randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Helpers for browser tests that play a student: an account made through the real sign-up
 * endpoint (each from its own address: sign-up is rate-limited per address), its session cookie
 * put in a fresh browser context before the first page load, and the editor driven as a student
 * drives it.
 */

export async function signUpCookies(baseURL: string, joinCode: string, name = 'Test Student'): Promise<{ name: string; value: string }[]> {
  // A random address per sign-up: test files run in separate processes against one server, and
  // sign-up is rate-limited per address, so counters that start alike in two files collide.
  const address = `10.88.${randomInt(250)}.${randomInt(1, 251)}`;
  const res = await fetch(`${baseURL}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL, 'x-forwarded-for': address },
    body: JSON.stringify({ name, email: `s-${randomUUID().slice(0, 12)}@example.com`, password: 'student-pass-42', joinCode }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    return { name: pair!.slice(0, i), value: pair!.slice(i + 1) };
  });
}

/** A fresh context for a new student: signed in, and with the language cookie set before any page loads. */
export async function studentContext(context: BrowserContext, baseURL: string, joinCode: string, locale: 'en' | 'zh' | null): Promise<void> {
  const cookies = await signUpCookies(baseURL, joinCode);
  if (locale) cookies.push({ name: 'deltalab-locale', value: locale });
  await context.addCookies(cookies.map((c) => ({ ...c, url: baseURL })));
}

/** Waits until Monaco has taken over the editor. */
export async function waitForMonaco(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true' && document.querySelector('.editor-frame .monaco-editor') !== null, null, {
    timeout,
  });
}

export async function monacoText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { monaco: { editor: { getModels(): { getValue(): string }[] } } }).monaco.editor.getModels()[0]!.getValue());
}

/** Selects the text of the Monaco line holding `anchor` and types `text` over it. */
export async function retypeMonacoLine(page: Page, anchor: string, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-line', { hasText: anchor }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Escape');
}

export async function waitForVerdict(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.feedback-panel .feedback') !== null && !document.querySelector('.running'));
}

// error-term: the starter's body line, and the right answer.
export const STARTER_LINE = 'return z.map(() => 0);';
export const RIGHT = 'return z.map((zj, j) => fPrime(zj) * deltaNext.reduce((s, d, i) => s + Wnext[i][j] * d, 0));';
