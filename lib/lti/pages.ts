import { CATALOG, type Locale } from '../i18n/catalog';
import type { LaunchErrorCode } from './errors';

/**
 * The few pages LTI answers with from its routes (outside the app's layout: the LMS frame shows
 * them before anyone is signed in). Every one says what happened in the reader's language, so a
 * launch never ends on a blank page.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function localeOf(acceptLanguage: string | null, cookie: string | null): Locale {
  const chosen = /(?:^|;\s*)deltalab-locale=(en|zh)(?:;|$)/.exec(cookie ?? '')?.[1];
  if (chosen === 'en' || chosen === 'zh') return chosen;
  return /^\s*zh/i.test(acceptLanguage ?? '') ? 'zh' : 'en';
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}a.button,button{display:inline-block;padding:.5rem 1rem;border:1px solid #333;border-radius:.3rem;background:#fff;color:#000;text-decoration:none;font-size:1rem}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(locale: Locale, code: LaunchErrorCode): string {
  const t = CATALOG[locale].lti;
  return page(locale, t.errorTitle, `<h1>${esc(t.errorTitle)}</h1><p id="lti-error">${esc(t.error[code])}</p><p>${esc(t.errorHint)}</p><p><code>${esc(t.errorCode.replace('{code}', code))}</code></p>`);
}

/** Third-party cookies blocked: the same login, started again in a window of its own. */
export function newWindowPage(locale: Locale, relaunchUrl: string): string {
  const t = CATALOG[locale].lti;
  return page(locale, t.newWindowTitle, `<h1>${esc(t.newWindowTitle)}</h1><p>${esc(t.newWindowText)}</p><p><a class="button" id="lti-new-window" href="${esc(relaunchUrl)}" target="_blank" rel="noopener">${esc(t.newWindowButton)}</a></p>`);
}

/** Posts the deep linking response to the platform (DL 2.0 §4.2: form field `JWT`). */
export function autoPostPage(locale: Locale, action: string, jwt: string): string {
  const t = CATALOG[locale].lti;
  return page(
    locale,
    t.deepLinkSending,
    `<p>${esc(t.deepLinkSending)}</p><form id="lti-return" method="post" action="${esc(action)}"><input type="hidden" name="JWT" value="${esc(jwt)}"><noscript><button type="submit">${esc(t.deepLinkContinue)}</button></noscript></form><script>document.getElementById('lti-return').submit()</script>`,
  );
}
