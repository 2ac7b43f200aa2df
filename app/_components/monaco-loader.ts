import type * as MonacoApi from 'monaco-editor';

/**
 * Loads Monaco from this site (public/monaco/vs, copied there by scripts/copy-monaco.ts): no CDN,
 * no @monaco-editor/loader, so a failed load can be told apart from a slow one and retried.
 *
 * Localisation. monaco-editor 0.5x ships its message packs (vs/nls/lang/zh-cn.js) as plain scripts
 * that only set `globalThis._VSCODE_NLS_MESSAGES`; they call no `define()`. Asking the AMD loader
 * for one (the `vs/nls` availableLanguages setting, which `vs/nls.messages-loader` turns into
 * `require(['vs/nls/lang/zh-cn'])`) therefore waits for ever, and editor.main with it: the dead
 * Chinese editor. The pack is loaded here as an ordinary script *before* the loader, so its
 * messages are in place before any Monaco module runs, and the loader is never told about it
 * (messages-loader then resolves at once). A pack that fails to load leaves English menus.
 */

export type Monaco = typeof MonacoApi;

type AmdRequire = {
  (deps: string[], onLoad: (...modules: unknown[]) => void, onError?: (err: unknown) => void): void;
  config(config: Record<string, unknown>): void;
};

type MonacoWindow = Window & {
  monaco?: Monaco;
  require?: AmdRequire;
  _VSCODE_NLS_MESSAGES?: unknown;
};

const VS = '/monaco/vs';
/** Monaco's language pack for each interface language that has one. */
export const NLS_PACK: Record<string, string | undefined> = { zh: 'zh-cn' };

let pending: Promise<Monaco> | null = null;
/** The AMD loader ran and then failed: its module registry may hold a broken entry for ever. */
let loaderPoisoned = false;

/** Monaco's API, loading it on first call; rejects when a file fails to load. */
export function loadMonaco(locale: string): Promise<Monaco> {
  const w = window as unknown as MonacoWindow;
  if (w.monaco?.editor) return Promise.resolve(w.monaco);
  if (pending) return pending;
  pending = (async () => {
    const pack = NLS_PACK[locale];
    // Both at once: the loader evaluates no Monaco module before the require() below.
    await Promise.all([
      pack && !w._VSCODE_NLS_MESSAGES && !w.require ? injectScript(`${VS}/nls/lang/${pack}.js`).catch(() => undefined) : undefined,
      w.require?.config ? undefined : injectScript(`${VS}/loader.js`),
    ]);
    const amd = w.require;
    if (!amd?.config) throw new Error('the Monaco loader did not start');
    amd.config({ paths: { vs: VS } });
    return new Promise<Monaco>((resolve, reject) => {
      amd(
        ['vs/editor/editor.main'],
        (main) => {
          quietCancellations();
          const m = main as { m?: Monaco } & Monaco;
          resolve(w.monaco ?? m.m ?? m);
        },
        (err) => {
          loaderPoisoned = true;
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  })();
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

/**
 * Whether another `loadMonaco` in this page can succeed: not after the AMD loader itself failed
 * (it remembers the failed module) — then only a reload retries.
 */
export function canRetryInPage(): boolean {
  return !loaderPoisoned && !pending;
}

let quiet = false;

/**
 * Monaco cancels its own pending work (a hover when the pointer leaves, completions and
 * highlights when the cursor moves on) by rejecting or throwing an Error named "Canceled"; some
 * paths let it escape its own filter (microsoft/monaco-editor#4389, #4312, #4904), and on a phone,
 * where every tap moves the emulated mouse in and out of the editor, they reach the console as
 * uncaught errors. Exactly that signature is dropped here; every other error is left alone.
 */
function quietCancellations(): void {
  if (quiet) return;
  quiet = true;
  const isCancellation = (e: unknown) => e instanceof Error && e.name === 'Canceled' && e.message === 'Canceled';
  window.addEventListener('unhandledrejection', (event) => {
    if (isCancellation(event.reason)) event.preventDefault();
  });
  window.addEventListener(
    'error',
    (event) => {
      if (isCancellation(event.error)) event.preventDefault();
    },
    true,
  );
}

function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove(); // a retry injects a fresh one
      reject(new Error(`could not load ${src}`));
    };
    document.head.appendChild(script);
  });
}
