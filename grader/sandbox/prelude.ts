import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The code that runs in every fresh isolate before the learner's: it captures the built-ins the
 * grader relies on, removes what learner code must not have, installs a bounded `console`, and
 * returns one function, `api(op, …)`, through which the host loads the module, calls it and
 * reads results. `api` lives only in this closure — the host holds a reference to it, learner code
 * cannot reach it.
 *
 * Everything here assumes learner code will later patch any global, prototype or built-in it can:
 * after setup only captured functions are called (through the captured Reflect.apply), results
 * are read through property descriptors (so no getter, toJSON or valueOf of the learner's runs),
 * no array methods, iterators, `instanceof` or string coercion of objects are used, and every
 * result leaves as one string whose size is bounded. Proxy traps, which no walk can avoid, run as
 * learner code under the same timeout as the call.
 *
 * The wire formats are described in wire.ts. Sizes (console, output) count UTF-16 code units, which
 * equal bytes for ASCII text.
 *
 * The code is prelude/prelude.js, plain JavaScript read here as a string: it is compiled inside
 * the isolate, once per process with V8's code cache. It is linted with the rest, and type-checked
 * (`// @ts-check`, against the language's built-ins only: prelude/tsconfig.json) by
 * test/unit/sandbox/prelude-check.test.ts.
 */
export const PRELUDE_FILE = 'sandbox.js';

export const PRELUDE = readFileSync(fileURLToPath(new URL('./prelude/prelude.js', import.meta.url)), 'utf8');

/**
 * The learner's CommonJS module, wrapped so that evaluating it yields a function of
 * (exports, require, module) in strict mode, as ES modules are. The wrapper takes a line of its
 * own, so line n of the compiled text is line n + 1 of the script (compiled with lineOffset -1).
 */
export const MODULE_PREFIX = '(function (exports, require, module) { "use strict";\n';
export const MODULE_SUFFIX = '\n})';
export const LEARNER_SCRIPT_FILE = 'learner.js';
