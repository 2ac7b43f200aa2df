import { describe, expect, it } from 'vitest';
import { stripTypes } from '../../../app/_components/live/stripTypes';

/** Live checks strip the student's types with sucrase: what runs, and what counts as "does not compile". */
describe('stripping types for a live run', () => {
  it('leaves the JavaScript as written and drops only the types (and type-only imports)', async () => {
    const source = [
      "import type { Matrix } from './types';",
      'type Vec = number[];',
      'interface Layer { W: Matrix; b: Vec }',
      'export function sigmoidPrime(x: number): number {',
      '  const s = 1 / (1 + Math.exp(-x)) as number;',
      '  return s * (1 - s);',
      '}',
      'export const layer = (l: Layer): Vec => l.b!;',
      '',
    ].join('\n');
    const out = await stripTypes(source);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.js).not.toMatch(/import|Matrix|interface|: number|as number|Vec/);
    expect(out.js).toContain('export function sigmoidPrime(x) {');
    expect(out.js).toContain('return s * (1 - s);');
    expect(out.js).toContain('export const layer = (l) => l.b;');
    // Lines stay where they were, so a runtime error's line is the student's line.
    expect(out.js.split('\n').findIndex((l) => l.includes('return s * (1 - s)'))).toBe(5);
  });

  it('an enum becomes the object TypeScript would make', async () => {
    const out = await stripTypes('enum Act { Relu, Tanh }\nexport const tanh = Act.Tanh;\n');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const mod = await import(`data:text/javascript,${encodeURIComponent(out.js)}`);
    expect(mod.tanh).toBe(1);
  });

  it('a syntax error is refused with the line it is on (counted from 1)', async () => {
    const out = await stripTypes('export function f(x: number): number {\n  const s = 1;\n  return sigmoid(x) * (1 - ;\n}\n');
    expect(out).toMatchObject({ ok: false, line: 3 });
  });

  it('a broken type annotation is a syntax error too; a wrong type is not (the grader does not check types)', async () => {
    expect(await stripTypes('export function f(x: ): number {\n  return 1;\n}\n')).toMatchObject({ ok: false, line: 1 });
    const typed = await stripTypes('export function f(x: number): string {\n  return x;\n}\n');
    expect(typed).toEqual({ ok: true, js: 'export function f(x) {\n  return x;\n}\n' });
  });
});
