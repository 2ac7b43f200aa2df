import { createHash } from 'node:crypto';
import { transformSync, type Message, type TransformFailure } from 'esbuild';
import type { Locale } from '../../lib/i18n/locales';

/**
 * Learner TypeScript → CommonJS JavaScript plus a source map, with esbuild. Types are stripped,
 * never checked: type errors are the editor's job; the grader only refuses what cannot run.
 *
 * Every `import` — static or dynamic — is routed through `require`, which the sandbox does not
 * provide, so it ends as a clear runtime error instead of a silent rejection.
 */

export interface TranspileError {
  /** 1-based line in the learner's file. */
  line: number;
  /** 1-based column in the learner's file. */
  column: number;
  message: string;
}

export type TranspileResult =
  | { ok: true; js: string; /** source map (JSON text) from `js` back to the learner's file */ map: string }
  | { ok: false; errors: TranspileError[] };

export interface TranspileOptions {
  /** Largest accepted source, in UTF-8 bytes (default 64 kB). */
  maxBytes?: number;
  /** Language of the messages this file writes (default English). */
  locale?: Locale;
}

/**
 * Deepest nesting of brackets accepted. esbuild runs in a process of its own, outside every
 * sandbox limit, and indents its output once per level: 40 kB of nested `{}` grew it to over a
 * gigabyte. No solution nests anywhere near this deep.
 */
export const MAX_NESTING = 200;

const NESTING_MESSAGE = {
  en: (line: number) => `Brackets are nested more than ${MAX_NESTING} levels deep (line ${line}); the grader does not accept code nested this deeply.`,
  zh: (line: number) => `括号嵌套超过 ${MAX_NESTING} 层（第 ${line} 行）；评测程序不接受嵌套如此之深的代码。`,
};

export const DEFAULT_MAX_SOURCE_BYTES = 64 * 1024;

/** The file name the learner's code carries in source maps and stack traces. */
export const LEARNER_FILE = 'learner.ts';

const MAX_ERRORS = 20;
const CACHE_ENTRIES = 512;

// Students press "check" many times on the same text, and the bench grades one solution over and
// over: results are cached by content hash (insertion order of a Map gives a cheap LRU).
const cache = new Map<string, TranspileResult>();

export function transpile(source: string, options: TranspileOptions = {}): TranspileResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > maxBytes) {
    return {
      ok: false,
      errors: [{ line: 1, column: 1, message: `The file is ${formatKb(bytes)} long; the limit is ${formatKb(maxBytes)}.` }],
    };
  }

  const tooDeep = nestingBeyond(source, MAX_NESTING);
  if (tooDeep !== undefined) {
    return { ok: false, errors: [{ line: tooDeep, column: 1, message: NESTING_MESSAGE[options.locale ?? 'en'](tooDeep) }] };
  }

  const key = createHash('sha256').update(source).digest('base64');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }

  const result = compile(source);
  cache.set(key, result);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return result;
}

function compile(source: string): TranspileResult {
  try {
    const out = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: LEARNER_FILE,
      logLevel: 'silent',
      // `import('x')` would otherwise stay native and reject with V8's bare "Not supported".
      supported: { 'dynamic-import': false },
    });
    return { ok: true, js: out.code, map: out.map };
  } catch (err) {
    const messages = (err as Partial<TransformFailure>).errors;
    if (!Array.isArray(messages) || messages.length === 0) {
      return { ok: false, errors: [{ line: 1, column: 1, message: err instanceof Error ? err.message : String(err) }] };
    }
    return { ok: false, errors: messages.slice(0, MAX_ERRORS).map(toError) };
  }
}

/**
 * The line where bracket nesting first exceeds `max`, or undefined. A linear scan that skips
 * strings, template text and comments; a bracket inside a regular expression may be miscounted,
 * which can only matter for code that is nested deeply already.
 */
export function nestingBeyond(source: string, max: number): number | undefined {
  let depth = 0;
  let line = 1;
  // Open template literals, by the bracket depth at which their `${` began.
  const templates: number[] = [];
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 47 /* / */ && source.charCodeAt(i + 1) === 47) {
      while (i < n && source.charCodeAt(i) !== 10) i++;
      line++;
    } else if (c === 47 && source.charCodeAt(i + 1) === 42 /* * */) {
      i += 2;
      while (i < n && !(source.charCodeAt(i) === 42 && source.charCodeAt(i + 1) === 47)) {
        if (source.charCodeAt(i) === 10) line++;
        i++;
      }
      i++;
    } else if (c === 39 || c === 34 /* ' " */) {
      for (i++; i < n && source.charCodeAt(i) !== c && source.charCodeAt(i) !== 10; i++) if (source.charCodeAt(i) === 92) i++;
    } else if (c === 96 /* ` */ || (c === 125 /* } */ && templates.length > 0 && templates[templates.length - 1] === depth)) {
      if (c === 125) {
        templates.pop();
        depth--;
      }
      // Template text up to its end or the next `${`.
      for (i++; i < n; i++) {
        const t = source.charCodeAt(i);
        if (t === 10) line++;
        else if (t === 92) i++;
        else if (t === 96) break;
        else if (t === 36 && source.charCodeAt(i + 1) === 123) {
          i++;
          depth++;
          templates.push(depth);
          if (depth > max) return line;
          break;
        }
      }
    } else if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) return line;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

function toError(m: Message): TranspileError {
  const loc = m.location;
  if (!loc) return { line: 1, column: 1, message: m.text };
  // esbuild lines are 1-based; columns are 0-based and count UTF-8 bytes, the editor counts characters.
  const chars = Buffer.from(loc.lineText, 'utf8').subarray(0, loc.column).toString('utf8').length;
  return { line: Math.max(1, loc.line), column: chars + 1, message: m.text };
}

function formatKb(bytes: number): string {
  return `${Math.round((bytes / 1024) * 10) / 10} kB`;
}
