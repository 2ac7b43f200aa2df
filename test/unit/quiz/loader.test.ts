import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuizFile, loadQuizzes } from '../../../lib/quiz/loader';
import { FIXTURE } from './fixtures';

function writeQuiz(root: string, folder: string, slug: string, text: string) {
  const dir = path.join(root, folder, slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'quiz.yaml'), text);
  return dir;
}

const minimal = (id: string, section = '4.1', extra = '') => `id: ${id}
title: { en: T, zh: 题 }
section: "${section}"
points: 5
questions:
  - id: q1
    type: numeric
    prompt: { en: 'One?', zh: '一？' }
    answer: 1
${extra}`;

function errorsOf(text: string) {
  const result = loadQuizFile('quiz.yaml', text);
  if (!('errors' in result)) throw new Error('loaded');
  return result.errors;
}

describe('loadQuizFile', () => {
  it('loads a valid quiz with defaults and a version hash', () => {
    const result = loadQuizFile('quiz.yaml', FIXTURE);
    if ('errors' in result) throw new Error(JSON.stringify(result.errors));
    expect(result.quiz.questions).toHaveLength(8);
    expect(result.quiz.version).toMatch(/^[0-9a-f]{12}$/);
    expect(result.quiz.order).toBe(100);
    const numeric = result.quiz.questions.find((q) => q.id === 'sigma-prime');
    expect(numeric).toMatchObject({ points: 1, tolerance: { abs: 0.000001 } });
  });

  it('reports schema errors at their line', () => {
    const text = minimal('a', '4.1').replace('points: 5', 'points: -5\ncolour: red');
    const errors = errorsOf(text);
    expect(errors).toContainEqual({ file: 'quiz.yaml', line: 4, message: expect.stringMatching(/^points: /) });
    expect(errors.some((e) => e.line === 1 && /colour/.test(e.message))).toBe(true);
  });

  it('reports formula errors at the line of the formula, with the column inside it', () => {
    const text = minimal('a').replace('answer: 1', 'answer: 1\n  - id: q2\n    type: expression\n    prompt: { en: x, zh: x }\n    variables: { x: {} }\n    answer: (x + 1');
    expect(errorsOf(text)).toEqual([{ file: 'quiz.yaml', line: 14, message: 'questions.1.answer: Expected `)` at column 7 to close the `(` at column 1.' }]);
  });

  it('checks what the schema cannot: option ids, names, dims, placeholders, params', () => {
    const text = `id: broken
title: { en: T, zh: 题 }
section: "4.4"
points: 5
questions:
  - id: choice
    type: single
    prompt: { en: '{{w}}?', zh: '{{w}}？' }
    options:
      - { id: a, text: { en: A, zh: 甲 } }
      - { id: a, text: { en: B, zh: 乙 } }
    correct: c
  - id: choice
    type: matrix
    prompt: { en: x, zh: x }
    dims: { M: 3, N: 3 }
    symbols:
      W: { shape: [M, K] }
      exp: { shape: [M, 1] }
    answer: W * v
    mustUse: [fprime]
  - id: drawn
    type: numeric
    prompt: { en: '{{q}}', zh: '{{q}}' }
    params:
      p: { min: 1, max: 0, step: 1 }
    answer: p
`;
    const messages = errorsOf(text).map((e) => `${e.line}: ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        '8: questions.0.prompt.en: {{w}}: this question declares no params',
        '11: questions.0.options.1.id: duplicate option id "a"',
        '12: questions.0.correct: no option has the id "c" (options: a)',
        '13: questions.1.id: duplicate question id "choice" (also question 1)',
        '16: questions.1.dims.N: size 3 is also the size of M; give every dimension a different size so a transposition is a shape error',
        '18: questions.1.symbols.W.shape.1: unknown dimension "K"; declare it under dims',
        '19: questions.1.symbols.exp: "exp" is a built-in name; choose another',
        '21: questions.1.mustUse.0: "fprime" is neither a built-in function nor declared by this question',
        '26: questions.2.params.p: min must not exceed max',
        '24: questions.2.prompt.en: {{q}} names no param or derived value (known: p)',
      ]),
    );
  });

  it('reports a YAML syntax error once, at its line', () => {
    const errors = errorsOf(minimal('a').replace("prompt: { en: 'One?', zh: '一？' }", 'prompt: { en: One, zh: [ }'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(8);
    expect(errors[0]!.message).toMatch(/^YAML: /);
  });
});

describe('loadQuizzes', () => {
  it('loads quizzes, skips exercise folders, and one broken quiz does not stop the others', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'quiz-'));
    writeQuiz(root, '4.1-neurons', 'good', minimal('good'));
    writeQuiz(root, '4.1-neurons', 'bad', minimal('bad').replace('answer: 1', 'answer: 1 +'));
    mkdirSync(path.join(root, '4.1-neurons', 'an-exercise'), { recursive: true });
    writeFileSync(path.join(root, '4.1-neurons', 'an-exercise', 'exercise.md'), '---\nid: an-exercise\n---\n');
    const { quizzes, errors } = loadQuizzes(root);
    expect(quizzes.map((q) => q.id)).toEqual(['good']);
    expect(quizzes[0]!.relDir).toBe(`${path.basename(root)}/4.1-neurons/good`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: path.join(root, '4.1-neurons', 'bad', 'quiz.yaml'), line: 9 });
  });

  it('rejects mismatched folders, duplicate ids and unknown sections', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'quiz-'));
    writeQuiz(root, '4.2-networks', 'wrong-section', minimal('wrong-section', '4.1'));
    writeQuiz(root, '4.3-feedforward', 'other-name', minimal('not-the-folder', '4.3'));
    writeQuiz(root, '4.5-autodiff', 'twin', minimal('twin', '4.5'));
    writeQuiz(root, '4.6-optimisation', 'twin', minimal('twin', '4.6'));
    writeQuiz(root, '9.9-nowhere', 'lost', minimal('lost'));
    const messages = loadQuizzes(root).errors.map((e) => e.message).join('\n');
    expect(messages).toMatch(/section "4.1" does not match its folder 4.2-networks/);
    expect(messages).toMatch(/id "not-the-folder" must equal its folder name "other-name"/);
    expect(messages).toMatch(/duplicate id "twin"/);
    expect(messages).toMatch(/unknown section folder 9.9-nowhere/);
  });

  it('a folder cannot be both an exercise and a quiz', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'quiz-'));
    const dir = writeQuiz(root, '4.1-neurons', 'both', minimal('both'));
    writeFileSync(path.join(dir, 'exercise.md'), '---\nid: both\n---\n');
    expect(loadQuizzes(root).errors[0]!.message).toMatch(/either an exercise .* or a quiz/);
  });
});
