import { describe, expect, it } from 'vitest';
import { transpile } from '../../../grader/sandbox/transpile';

describe('transpile', () => {
  it('strips types and emits CommonJS with a source map', () => {
    const out = transpile('export function f(x: number): number {\n  return x * 2;\n}\n');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.js).toContain('module.exports');
    expect(out.js).not.toContain(': number');
    expect(JSON.parse(out.map).sources).toEqual(['learner.ts']);
  });

  it('reports syntax errors at the 1-based line and column of the learner file', () => {
    const out = transpile('export function f(x: number) {\n  return x +;\n}\n');
    expect(out).toEqual({ ok: false, errors: [{ line: 2, column: 13, message: 'Unexpected ";"' }] });
  });

  it('counts columns in characters, not UTF-8 bytes', () => {
    const out = transpile("// 中文注释\nconst s = '中文' + ;\n");
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors[0]).toMatchObject({ line: 2, column: 18 });
  });

  it('does not type-check: a type error still compiles', () => {
    expect(transpile('export const x: number = "not a number";').ok).toBe(true);
  });

  it('refuses top-level await, which a CommonJS module cannot have', () => {
    const out = transpile("const m = await import('x');\nexport const y = m;");
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors[0]!.line).toBe(1);
    expect(out.errors[0]!.message).toMatch(/top-level await/i);
  });

  it('routes dynamic import() through require, which the sandbox refuses', () => {
    const out = transpile("export const load = () => import('node:fs');");
    expect(out.ok && out.js.includes('require("node:fs")')).toBe(true);
  });

  it('rejects sources over the size limit with a clear message', () => {
    const big = `export const s = "${'x'.repeat(70 * 1024)}";`;
    const out = transpile(big);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.message).toMatch(/70 kB long; the limit is 64 kB/);
    expect(transpile(big, { maxBytes: 128 * 1024 }).ok).toBe(true);
  });

  it('returns the cached result for the same source', () => {
    const src = 'export const cached = 1;';
    expect(transpile(src)).toBe(transpile(src));
  });
});
