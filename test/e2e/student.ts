import { randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Helpers for browser tests that play a student: an account made through the real sign-up
 * endpoint (each from its own address: sign-up is rate-limited per address), its session cookie
 * put in a fresh browser context before the first page load, and the editor driven as a student
 * drives it.
 */

/**
 * Signs up through the real endpoint from a loopback address of its own. The server keys its
 * sign-up limit (20 a minute) on the socket address, never on X-Forwarded-For, and test files run
 * one after another against one server: from 127.0.0.1 alone they would share one bucket.
 */
export function signUpFrom(baseURL: string, body: Record<string, string>): Promise<{ status: number; text: string; cookies: { name: string; value: string }[] }> {
  const url = new URL(baseURL);
  const payload = JSON.stringify(body);
  const localAddress = `127.${randomInt(1, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(url.port), method: 'POST', path: '/api/auth/sign-up/email', localAddress, headers: { 'content-type': 'application/json', origin: baseURL, 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const cookies = (res.headers['set-cookie'] ?? []).map((c) => {
            const [pair] = c.split(';');
            const i = pair!.indexOf('=');
            return { name: pair!.slice(0, i), value: pair!.slice(i + 1) };
          });
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), cookies });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function signUpCookies(baseURL: string, joinCode: string, name = 'Test Student'): Promise<{ name: string; value: string }[]> {
  const res = await signUpFrom(baseURL, { name, email: `s-${randomUUID().slice(0, 12)}@example.com`, password: 'student-pass-42', joinCode });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return res.cookies;
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
