import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Opaque } from '../../../grader/sandbox/wire';
import { startRunner, type Runner, type Scenario } from './session-client';

let runner: Runner;
beforeAll(async () => {
  runner = await startRunner();
});
afterAll(async () => {
  await runner?.close();
});

const callF = '(m, x) => m.f(x)';

async function one(source: string, input: unknown = 0, extra: Partial<Scenario> = {}) {
  const r = await runner.run({ source, calls: [{ driver: callF, input }], ...extra });
  expect(r.hostIntact).toBe(true);
  return r;
}

describe('values in and out', () => {
  it('round-trips NaN, ±Infinity, -0 and undefined, distinct from strings', async () => {
    const r = await one('export function f(v: unknown[]) { return [...v, "NaN", "Infinity"]; }', [Number.NaN, Infinity, -Infinity, -0, undefined]);
    const out = r.calls[0]!;
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toEqual([Number.NaN, Infinity, -Infinity, -0, undefined, 'NaN', 'Infinity']);
    expect(Object.is((out.value as unknown[])[3], -0)).toBe(true);
  });

  it('encodes lists that mix numbers with other values, holes and getters', async () => {
    const r = await one(
      'export function f() { const g = [1, 2, 3]; Object.defineProperty(g, 1, { get: () => 9 }); return [[0.5, 1e21, -2e-7], [1, 2, NaN, 4], [1, [2], "3"], [1, , 3], g, [-0, 1]]; }',
    );
    expect(r.calls[0]).toMatchObject({
      ok: true,
      value: [[0.5, 1e21, -2e-7], [1, 2, Number.NaN, 4], [1, [2], '3'], [1, undefined, 3], [1, new Opaque('accessor', ''), 3], [-0, 1]],
    });
  });

  it('gives every call a fresh copy of its input and reports how the call left it', async () => {
    const r = await runner.run({
      source: 'export function f(a: number[]) { a.push(a.length); a[0] = 99; return a.length; }',
      calls: [
        { driver: callF, input: [1, 2] },
        { driver: callF, input: [1, 2] },
      ],
    });
    for (const c of r.calls) expect(c).toMatchObject({ ok: true, value: 3, inputAfter: [99, 2, 2] });
  });

  it('sees changes deep inside the input, and only real ones', async () => {
    const input = { W: [[1, 2], [3, 4]], b: [0.5, Number.NaN], tag: 'x' };
    const r = await runner.run({
      source: [
        'export function same(p: any) { p.W[0][0] = 1; p.b[1] = NaN; return 0; }',
        'export function deep(p: any) { p.W[1][1] = -4; return 0; }',
        'export function extra(p: any) { p.extra = 1; return 0; }',
        'export function negZero(p: any) { p.W[0][0] = 1; p.b[0] = 0.5; (p.W[1] as number[]).reverse().reverse(); p.W[0][1] = 2; return 0; }',
      ].join('\n'),
      calls: ['same', 'deep', 'extra', 'negZero'].map((name) => ({ driver: `(m, x) => m.${name}(x)`, input })),
    });
    const after = r.calls.map((c) => (c.ok ? c.inputAfter : c.failure));
    expect(after[0]).toEqual(input);
    expect(after[1]).toEqual({ ...input, W: [[1, 2], [3, -4]] });
    expect(after[2]).toEqual({ ...input, extra: 1 });
    expect(after[3]).toEqual(input);
  });

  it('leaves an untouched input equal to what was sent', async () => {
    const input = { W: [[1, 2], [3, 4]], b: [0.5, Number.NaN] };
    const r = await one('export function f(p: { W: number[][] }) { return p.W[1][0]; }', input);
    expect(r.calls[0]).toMatchObject({ ok: true, value: 3, inputAfter: input });
  });

  it('copies class instances as their own fields and typed arrays as arrays', async () => {
    const r = await one('class V { constructor(public x: number, public y: number[]) {} get norm() { return 1; } }\nexport function f() { return [new V(1, [2]), new Float64Array([0.5, 1.5])]; }');
    expect(r.calls[0]).toMatchObject({ ok: true, value: [{ x: 1, y: [2] }, [0.5, 1.5]] });
  });

  it('describes what has no plain form', async () => {
    const r = await one('export function f() { return [() => 1, Symbol("s"), 10n, new Map(), Promise.resolve(1), new Error("boom")]; }');
    const out = r.calls[0]!;
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toEqual([
      new Opaque('function', ''),
      new Opaque('symbol', 's'),
      new Opaque('bigint', '10'),
      new Opaque('object', 'Map'),
      new Opaque('object', 'Promise'),
      new Opaque('object', 'Error: boom'),
    ]);
  });

  it('bounds circular, deep and huge values', async () => {
    const r = await runner.run({
      source: [
        'export function circular() { const a: any[] = [1]; a.push(a); return a; }',
        'export function deep() { let v: any = 0; for (let i = 0; i < 100; i++) v = [v]; return v; }',
        'export function huge() { return new Array(1e6).fill(0.5); }',
        'export function longString() { return "x".repeat(2 ** 28); }',
      ].join('\n'),
      calls: ['circular', 'deep', 'huge', 'longString'].map((name) => ({ driver: `(m) => m.${name}()`, input: null })),
    });
    const [circular, deep, huge, long] = r.calls.map((c) => (c.ok ? c.value : c.failure));
    expect(circular).toEqual([1, new Opaque('circular', '')]);
    let d: unknown = deep;
    for (let i = 0; i < 32; i++) d = (d as unknown[])[0];
    expect(d).toEqual(new Opaque('depth', ''));
    expect(huge).toEqual(new Opaque('size', ''));
    expect(long).toEqual(new Opaque('size', ''));
  });
});

describe('lying values', () => {
  it('does not run getters, toJSON or valueOf: the host gets a plain copy', async () => {
    const r = await one(
      'let n = 0;\nexport function f() { return { get x() { n++; return n; }, toJSON() { return 0.25; }, valueOf() { return 0.25; }, y: 2 }; }',
    );
    expect(r.calls[0]).toMatchObject({
      ok: true,
      value: { x: new Opaque('accessor', ''), toJSON: new Opaque('function', 'toJSON'), valueOf: new Opaque('function', 'valueOf'), y: 2 },
    });
  });

  it('copies a Proxy once, through its traps', async () => {
    const r = await one('let reads = 0;\nexport function f() { return new Proxy([1, 2], { get() { return ++reads; } }); }');
    expect(r.calls[0]).toMatchObject({ ok: true, value: [1, 2] });
  });

  it('turns a Proxy whose traps throw into a runtime error', async () => {
    const r = await one('export function f() { return new Proxy({}, { ownKeys() { throw new Error("no keys"); } }); }');
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'runtime_error', message: 'Error: no keys' } });
  });

  it('serialises correctly whatever built-ins the learner patched', async () => {
    const r = await one(
      [
        'JSON.stringify = () => "{\\"ok\\":1,\\"value\\":0.25}";',
        'JSON.parse = () => 0.25;',
        '(Object as any).keys = () => ["forged"];',
        '(Object as any).getOwnPropertyDescriptor = () => ({ value: 0.25 });',
        '(Array as any).isArray = () => false;',
        '(Reflect as any).apply = () => 0.25;',
        'Array.prototype.map = function () { return [0.25]; };',
        '(Object.prototype as any).toJSON = function () { return 0.25; };',
        'Number.prototype.valueOf = function () { return 0.25; };',
        'Number.prototype.toString = function () { return "0.25"; };',
        'String.prototype.slice = function () { return "forged"; };',
        '(Array.prototype as any)[Symbol.iterator] = function* () { yield 0.25; };',
        'Object.defineProperty(Array.prototype, "0", { set() {}, get() { return 0.25; }, configurable: true });',
        'Object.defineProperty(Object.prototype, "$", { get() { return "u"; }, configurable: true });',
        'export function f(p: { a: number[] }) { return { a: p.a, n: [1, 2, 3], s: "ok" }; }',
      ].join('\n'),
      { a: [5, 6] },
    );
    expect(r.calls[0]).toMatchObject({ ok: true, value: { a: [5, 6], n: [1, 2, 3], s: 'ok' }, inputAfter: { a: [5, 6] } });
  });
});

describe('errors', () => {
  it('reports a runtime error at the learner line and column', async () => {
    const r = await one('// a comment\ntype T = number;\nexport function f(x: number): number {\n  const o: any = null;\n  return o.value + x;\n}\n');
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'runtime_error', message: "TypeError: Cannot read properties of null (reading 'value')", line: 5, column: 12 } });
  });

  it('reports an error thrown while loading, with its line', async () => {
    const r = await one('export const a = 1;\nthrow new RangeError("bad start");\n');
    expect(r.openFailure).toEqual({ kind: 'runtime_error', message: 'RangeError: bad start', line: 2, column: 7 });
  });

  it.each([
    ['throw 42', 'a value that is not an Error was thrown: 42'],
    ['throw null', 'a value that is not an Error was thrown: null'],
    ['throw "bad input"', 'a value that is not an Error was thrown: "bad input"'],
    ['throw {}', 'a value that is not an Error was thrown: an object'],
    ['throw new Proxy({}, { getPrototypeOf() { throw 1; } })', 'a value was thrown that could not be read'],
    ['throw Object.assign(new Error("m"), { name: "MyError" })', 'MyError: m'],
  ])('makes `%s` a readable message', async (statement, message) => {
    const r = await one(`export function f() { ${statement}; }`);
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'runtime_error', message } });
  });

  it('keeps line numbers when the learner installs stack-trace hooks', async () => {
    const r = await one(
      'Error.prepareStackTrace = () => "learner.js:999:1";\n(Error as any).captureStackTrace = () => {};\nexport function f() {\n  throw new Error("here");\n}\n',
    );
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'runtime_error', message: 'Error: here', line: 4, column: 9 } });
  });

  it('turns a stack overflow into a runtime error', async () => {
    const r = await one('function down(n: number): number { return down(n + 1) + 1; }\nexport function f() { return down(0); }');
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'runtime_error', message: 'RangeError: Maximum call stack size exceeded', line: 1 } });
  });

  it('shows no host paths in stack traces', async () => {
    const r = await one('export function f() { return new Error("where").stack; }');
    const out = r.calls[0]!;
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toMatch(/learner\.js/);
    expect(out.value).not.toMatch(/node_modules|\/work\/|file:|grader|\.ts\b/);
  });

  it('ends a static import as a clear runtime error', async () => {
    const r = await one("import { readFileSync } from 'node:fs';\nexport const f = () => readFileSync;");
    expect(r.openFailure).toMatchObject({ kind: 'runtime_error', message: expect.stringMatching(/imports are not available in exercises/) });
  });

  it('ends a dynamic import as a clear runtime error', async () => {
    const r = await one("export function f() { import('node:fs').catch(() => 0); return 1; }");
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'runtime_error', message: expect.stringMatching(/imports are not available in exercises/) } });
  });
});

describe('limits', () => {
  it('times out an endless loop, and the session stays dead', async () => {
    const r = await runner.run({
      source: 'export function f(x: number) { if (x > 0) for (;;) {} return x; }',
      limits: { checkTimeMs: 200 },
      calls: [
        { driver: callF, input: 1 },
        { driver: callF, input: 0 },
      ],
    });
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    // It ran for its 200 ms before it was stopped (an upper bound would measure the machine's load).
    expect(r.calls[0]!.timeMs).toBeGreaterThanOrEqual(190);
    expect(r.calls[1]).toMatchObject({ ok: false, failure: { kind: 'timeout' }, timeMs: 0 });
  });

  it.each([
    ['an async loop', 'export function f() { (async () => { await null; for (;;) {} })(); return 1; }'],
    ['a runaway promise chain', 'export function f() { Promise.resolve().then(function g() { Promise.resolve().then(g); }); return 1; }'],
  ])('times out %s in the microtask queue', async (_name, source) => {
    const r = await one(source, 0, { limits: { checkTimeMs: 200 } });
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });

  it('times out an endless loop while loading', async () => {
    const r = await one('for (;;) {}\nexport const f = 1;', 0, { limits: { checkTimeMs: 200 } });
    expect(r.openFailure).toMatchObject({ kind: 'timeout' });
  });

  it('stops a memory bomb at the isolate limit', async () => {
    const r = await one('export function f() { const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(1)); }', 0, {
      limits: { memoryMb: 32, checkTimeMs: 5000 },
    });
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'memory_limit' } });
  });

  it('bounds the console and reads it back', async () => {
    const r = await one('export function f(x: number) { console.log("x is", x, [1, 2], { a: "b" }); for (let i = 0; i < 1e5; i++) console.warn("line", i); return x; }', 7, {
      limits: { consoleBytes: 100 },
    });
    expect(r.calls[0]).toMatchObject({ ok: true, value: 7 });
    expect(r.console.truncated).toBe(true);
    expect(r.console.text.length).toBeLessThanOrEqual(100);
    expect(r.console.text.startsWith('x is 7 [ 1, 2 ] { a: "b" }\nline 0\nline 1\n')).toBe(true);
  });

  it('keeps the console printed before a timeout', async () => {
    const r = await one('export function f() { console.log("started"); for (;;) {} }', 0, { limits: { checkTimeMs: 100 } });
    expect(r.calls[0]).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    expect(r.console).toEqual({ text: 'started\n', truncated: false });
  });
});

describe('isolation', () => {
  it('offers no host capabilities', async () => {
    const r = await one(
      'export function f() { const g = globalThis as any; return ["require", "process", "setTimeout", "setInterval", "setImmediate", "queueMicrotask", "fetch", "WebAssembly", "SharedArrayBuffer", "Atomics", "FinalizationRegistry", "Buffer", "global", "module", "exports"].filter((k) => typeof g[k] !== "undefined"); }',
    );
    expect(r.calls[0]).toMatchObject({ ok: true, value: [] });
  });

  it('reaches nothing through constructors', async () => {
    // Called as m.f(), `this` is the exports object: its constructor chain ends in the isolate's own Function.
    const r = await one('export function f() { return (this as any).constructor.constructor("return typeof process")(); }');
    expect(r.calls[0]).toMatchObject({ ok: true, value: 'undefined' });
    const r2 = await one('export function f() { return [Function("return typeof process")(), Function("return this")() === globalThis]; }');
    expect(r2.calls[0]).toMatchObject({ ok: true, value: ['undefined', true] });
  });

  it('lets nothing survive from one session to the next', async () => {
    await one('(globalThis as any).leak = 1; (Object.prototype as any).polluted = 1; Math.exp = () => 0;\nexport const f = () => 0;');
    const r = await one('export function f() { return [typeof (globalThis as any).leak, typeof ({} as any).polluted, Math.exp(0)]; }');
    expect(r.calls[0]).toMatchObject({ ok: true, value: ['undefined', 'undefined', 1] });
  });
});
