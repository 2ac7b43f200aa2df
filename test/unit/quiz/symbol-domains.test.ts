import { describe, expect, it } from 'vitest';
import { gradeQuestion, sampleSymbol } from '../../../lib/quiz/grade';
import { loadQuizFile, loadQuizzes } from '../../../lib/quiz/loader';
import { createRandom } from '../../../lib/quiz/random';
import type { Question } from '../../../lib/quiz/schema';
import { isMatrix, type Value } from '../../../lib/quiz/expr';
import { question, quizFromYaml } from './fixtures';

/**
 * Symbols carry a domain (one-hot, probability, positive, symmetric) that random evaluation
 * respects, so a derivation that is right only on that domain (Σ y = 1 for a one-hot y) scores 1.
 */

const { quizzes } = loadQuizzes();
const real = (quiz: string, id: string): Question => question(quizzes.find((q) => q.id === quiz)!, id);
const SEEDS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const scores = (q: Question, answer: string) => SEEDS.map((s) => gradeQuestion(q, s, answer).score);

const data = (v: Value) => (isMatrix(v) ? Array.from(v.data) : [v]);

describe('sampling by domain', () => {
  const random = createRandom('domains', 'test');
  it('draws one-hot vectors with a single 1', () => {
    for (let i = 0; i < 50; i++) {
      const d = data(sampleSymbol({ min: -1, max: 1, domain: 'one-hot' }, { rows: 5, cols: 1 }, random));
      expect(d.filter((x) => x === 1)).toHaveLength(1);
      expect(d.filter((x) => x === 0)).toHaveLength(4);
    }
  });
  it('draws probability vectors: positive, summing to 1', () => {
    for (let i = 0; i < 50; i++) {
      const d = data(sampleSymbol({ min: -1, max: 1, domain: 'probability' }, { rows: 1, cols: 4 }, random));
      expect(d.every((x) => x > 0)).toBe(true);
      expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
  it('draws symmetric matrices', () => {
    const m = sampleSymbol({ min: -1, max: 1, domain: 'symmetric' }, { rows: 3, cols: 3 }, random);
    if (!isMatrix(m)) throw new Error('expected a matrix');
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(m.data[i * 3 + j]).toBe(m.data[j * 3 + i]);
    expect(new Set(Array.from(m.data)).size).toBeGreaterThan(3);
  });
  it('draws positive entries within [min, max]', () => {
    const d = data(sampleSymbol({ min: 0.5, max: 2, domain: 'positive' }, { rows: 3, cols: 2 }, random));
    expect(d.every((x) => x >= 0.5 && x <= 2)).toBe(true);
  });
});

describe('validation of domains', () => {
  const yaml = (symbols: string) => `
id: dom
title: { en: D, zh: D }
section: "4.4"
points: 1
questions:
  - id: q
    type: matrix
    prompt: { en: p, zh: p }
    dims: { C: 3, K: 2 }
    symbols: ${symbols}
    answer: y
`;
  // The loader (and so validation and the site) reports them with the line of the question.
  const issues = (symbols: string) => {
    const r = loadQuizFile('dom/quiz.yaml', yaml(symbols));
    return 'errors' in r ? r.errors.map((e) => e.message.replace(/^.*domain: |^.*min: /, '')) : [];
  };
  it('rejects a one-hot or probability symbol that is not a vector', () => {
    expect(issues('{ y: { shape: [C, K], domain: one-hot } }')).toContain('a one-hot symbol must be a vector ([n, 1] or [1, n] with n ≥ 2)');
    expect(issues('{ y: { shape: [C, K], domain: probability } }')).toContain('a probability symbol must be a vector ([n, 1] or [1, n] with n ≥ 2)');
  });
  it('rejects a symmetric symbol that is not square, and a positive one with min ≤ 0', () => {
    expect(issues('{ y: { shape: [C, K], domain: symmetric } }')).toContain('a symmetric symbol must be a square matrix');
    expect(issues('{ y: { shape: [C, 1], domain: positive } }')).toContain('a positive symbol needs min > 0');
    expect(issues('{ y: { shape: [C, 1], domain: positive, min: 0.1, max: 2 } }')).toEqual([]);
  });
  it('rejects an unknown domain', () => {
    expect(issues('{ y: { shape: [C, 1], domain: onehot } }').length).toBeGreaterThan(0);
    expect(() => quizFromYaml(yaml('{ y: { shape: [C, 1], domain: one-hot } }'))).not.toThrow();
  });
});

describe('backprop-quiz/softmax-cross-entropy: every correct derivation scores 1', () => {
  const q = real('backprop-quiz', 'softmax-cross-entropy');
  it.each(['yhat - y', '(diag(yhat) - yhat*yhat^T) * (-y ./ yhat)', 'yhat*sum(y) - y', '-y + yhat', 'yhat*(ones(1,4)*y) - y'])('%s scores 1', (a) => {
    expect(scores(q, a)).toEqual(SEEDS.map(() => 1));
  });
  it.each(['y - yhat', '-y ./ yhat', 'yhat .* (1 - yhat) .* (yhat - y)', 'yhat - 1', '(diag(yhat) - yhat*yhat^T) * y'])('%s scores 0', (a) => {
    expect(scores(q, a)).toEqual(SEEDS.map(() => 0));
  });
});

// The audit of every formula question in the course: forms a student could derive that are equal
// on the question's domain must score 1 (this is what the one-hot y missed).
const EQUIVALENT: [string, string, string[]][] = [
  ['activation-functions-quiz', 'tanh-derivative', ['(1 - tanh(x)) * (1 + tanh(x))', '1 - tanh(x)*tanh(x)']],
  ['activation-functions-quiz', 'softplus-derivative', ['1 / (1 + exp(-x))', 'exp(x) / (1 + exp(x))', '1 - sigma(-x)']],
  ['feedforward-quiz', 'forward-step', ['b_l + W_l * a_prev', '(a_prev^T * W_l^T)^T + b_l']],
  ['backprop-quiz', 'error-term', ['diag(fprime(z_l)) * W_next^T * delta_next', '(W_next^T * delta_next) .* fprime(z_l)', '(delta_next^T * W_next)^T .* fprime(z_l)']],
  ['backprop-quiz', 'weight-gradient', ['(a_prev * delta_l^T)^T', 'delta_l * a_prev\'']],
  ['backprop-quiz', 'bias-gradient', ['delta_l * 1', 'eye(M_l) * delta_l']],
  ['autodiff-modes-quiz', 'symbolic-swish', ['sigma(x) * (1 + x * (1 - sigma(x)))', 'sigma(x) + x * exp(-x) / (1 + exp(-x))^2']],
  ['computational-graph-quiz', 'df-dw-formula', ['x * exp(-(w*x + b)) / (exp(-(w*x + b)) + 1)^2', 'x * sigma(w*x + b) * sigma(-(w*x + b))']],
];

describe('audit: equivalent forms of every formula question score 1', () => {
  it('covers every expression and matrix question in the course', () => {
    const all = quizzes.flatMap((z) => z.questions.filter((q) => q.type === 'expression' || q.type === 'matrix').map((q) => `${z.id}/${q.id}`));
    const audited = new Set([...EQUIVALENT.map(([z, id]) => `${z}/${id}`), 'backprop-quiz/softmax-cross-entropy']);
    expect(all.filter((k) => !audited.has(k))).toEqual([]);
  });
  it.each(EQUIVALENT.flatMap(([z, id, forms]) => forms.map((f) => [`${z}/${id}`, f] as const)))('%s: %s', (key, form) => {
    const [z, id] = key.split('/') as [string, string];
    expect(scores(real(z, id), form)).toEqual(SEEDS.map(() => 1));
  });
});
