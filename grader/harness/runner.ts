/**
 * How the harness calls code: a Runner runs a check's `call` on one input and returns plain data.
 * In grading the runner is a sandbox session (learner code, isolated); for catalogued mistakes and
 * reference solutions, which are trusted files, it is a direct call on the host.
 */

export type Failure =
  | { kind: 'runtime_error'; message: string; line?: number; column?: number }
  | { kind: 'timeout'; message: string }
  | { kind: 'memory_limit'; message: string };

export type CallOutcome = { ok: true; value: unknown; inputAfter: unknown } | { ok: false; failure: Failure };

export interface Runner {
  call(driverSource: string, driver: (m: unknown, input: unknown) => unknown, input: unknown): CallOutcome;
}

/** Runs trusted modules directly (mistakes, solutions in tests). Inputs are cloned so nothing leaks. */
export function hostRunner(mod: unknown): Runner {
  return {
    call(_source, driver, input) {
      const copy = structuredClone(input);
      try {
        const value = driver(mod, copy);
        return { ok: true, value: toPlain(value), inputAfter: copy };
      } catch (err) {
        return { ok: false, failure: { kind: 'runtime_error', message: err instanceof Error ? err.message : String(err) } };
      }
    },
  };
}

/** A plain-data copy, as the sandbox would return it (class instances become their own fields). */
function toPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toPlain);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = toPlain((v as Record<string, unknown>)[k]);
  return out;
}

/**
 * The source text of a check's `call`, made safe to evaluate on its own: object-method shorthand
 * (`call(m, x) { … }`) becomes a function expression, and `__name`, a helper some TypeScript
 * transpilers insert to keep function names, is defined so the text stands alone in the isolate.
 */
export function driverSource(fn: (m: never, input: never) => unknown): string {
  return `(() => { const __name = (f) => f; return (${callText(fn)}); })()`;
}

/** A call's source as an expression: method shorthand (`call(m, x) { … }`) becomes a function. */
export function callText(fn: (m: never, input: never) => unknown): string {
  const src = fn.toString().trim();
  return /^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(src) ? src : `function ${src.replace(/^async\s+/, '')}`;
}
