import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../../lib/quiz/grade';
import { quizJsonSchema } from '../../../lib/quiz/json-schema';
import { FIXTURE, question, quizFromYaml } from './fixtures';

describe('lib/quiz/expr runs in the browser', () => {
  it('imports nothing but its own files: no Node modules, no server code', () => {
    const dir = path.join(process.cwd(), 'lib', 'quiz', 'expr');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const m of source.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'|\brequire\(\s*'([^']+)'/g)) {
        const target = m[1] ?? m[2] ?? m[3]!;
        expect(target.startsWith('./'), `${file} imports ${target}`).toBe(true);
      }
      expect(source, file).not.toMatch(/\beval\s*\(|new Function\s*\(/);
    }
  });
});

describe('grading never throws, whatever arrives', () => {
  const quiz = quizFromYaml(FIXTURE);
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .array(fc.constantFrom(...'xzl_W_nextdelta0123456789.+-*/^()\',T fprime tanh sigma diag ones M_l'.split(' '), ...'+-*/^().,\''.split('')), { maxLength: 60 })
      .map((parts) => parts.join('')),
  );
  const anything = fc.oneof(text, fc.double(), fc.array(text, { maxLength: 5 }), fc.constant(null), fc.object());

  it.each(['pick-one', 'pick-many', 'sigma-prime', 'weighted-sum', 'tanh-prime', 'error-term'])('%s', (id) => {
    const q = question(quiz, id);
    fc.assert(
      fc.property(anything, (answer) => {
        const g = gradeQuestion(q, 'fuzz', answer);
        expect(g.score).toBeGreaterThanOrEqual(0);
        expect(g.score).toBeLessThanOrEqual(1);
        expect(g.message.en.length).toBeGreaterThan(0);
        expect(g.message.zh.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('quiz.yaml JSON Schema', () => {
  it('is generated from the zod schema and describes every field, for editor completion', () => {
    const schema = JSON.parse(quizJsonSchema()) as unknown;
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      for (const [key, prop] of Object.entries((o.properties ?? {}) as Record<string, { description?: string }>)) {
        if (!prop.description) undocumented.push(`${at}.${key}`);
      }
      for (const [key, value] of Object.entries(o)) walk(value, `${at}.${key}`);
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
    expect((schema as { required: string[] }).required).toEqual(expect.arrayContaining(['id', 'title', 'section', 'points', 'questions']));
  });
});
