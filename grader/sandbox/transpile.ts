import { createHash } from 'node:crypto';
import { transformSync, type Message, type TransformFailure } from 'esbuild';

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
}

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
