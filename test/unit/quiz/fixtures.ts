import { loadQuizFile } from '../../../lib/quiz/loader';
import type { Question, QuizFile } from '../../../lib/quiz/schema';

/** Parses a quiz.yaml text and fails loudly with its errors: fixtures must be valid. */
export function quizFromYaml(text: string): QuizFile & { version: string } {
  const result = loadQuizFile('fixture/quiz.yaml', text);
  if ('errors' in result) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return result.quiz;
}

export function question(quiz: QuizFile, id: string): Question {
  const q = quiz.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

/** One quiz with every question type, written the way authors write them. */
export const FIXTURE = `
id: fixture-quiz
title: { en: Fixture, zh: 测试 }
section: "4.4"
points: 10
questions:
  - id: pick-one
    type: single
    prompt: { en: 'Pick $a$.', zh: '选 $a$。' }
    options:
      - { id: a, text: { en: A, zh: 甲 }, feedback: { en: Well chosen., zh: 选得好。 } }
      - { id: b, text: { en: B, zh: 乙 }, feedback: { en: B is tempting., zh: 乙很诱人。 } }
      - { id: c, text: { en: C, zh: 丙 } }
      - { id: none, text: { en: None of these, zh: 都不是 }, fixed: true }
    correct: a
  - id: pick-many
    type: multiple
    prompt: { en: Pick the vowels., zh: 选元音。 }
    options:
      - { id: a, text: { en: a, zh: a } }
      - { id: b, text: { en: b, zh: b }, feedback: { en: b is a consonant., zh: b 是辅音。 } }
      - { id: e, text: { en: e, zh: e } }
      - { id: x, text: { en: x, zh: x } }
    correct: [a, e]
  - id: sigma-prime
    type: numeric
    prompt: { en: "σ'(0)?", zh: "σ'(0)？" }
    answer: 0.25
    tolerance: { abs: 0.000001 }
    wrongAnswers:
      - answer: '0.5'
        feedback: { en: That is sigma(0)., zh: 这是 sigma(0)。 }
  - id: weighted-sum
    type: numeric
    prompt: { en: 'Compute $z = {{w}} \\cdot {{x}} + {{b}}$.', zh: '计算 $z = {{w}} \\cdot {{x}} + {{b}}$。' }
    params:
      w: { min: -2, max: 2, step: 0.1, exclude: [0] }
      x: { choices: [1, 2, 3] }
      b: { min: -1, max: 1, step: 0.5 }
    derived:
      z: w*x + b
    require: ['abs(z) - 0.05']
    answer: z
    tolerance: { rel: 0.001 }
    wrongAnswers:
      - answer: w*x
        feedback: { en: 'Add the bias {{b}}.', zh: '加上偏置 {{b}}。' }
    explanation: { en: 'z = {{z}}', zh: 'z = {{z}}' }
  - id: tanh-prime
    type: expression
    prompt: { en: "tanh'(x) in terms of tanh(x)", zh: "用 tanh(x) 表示 tanh'(x)" }
    variables:
      x: { min: -2, max: 2 }
    answer: 1 - tanh(x)^2
    mustUse: [tanh]
    wrongAnswers:
      - answer: tanh(x)*(1 - tanh(x))
        feedback: { en: That is the logistic pattern., zh: 这是 Logistic 的形式。 }
  - id: sigmoid-graph
    type: expression
    prompt: { en: df/dw for f = sigma(w*x + b), zh: f = sigma(w*x + b) 的 df/dw }
    variables:
      x: { min: -2, max: 2 }
      w: { min: -2, max: 2, tex: 'w' }
      b: { min: -2, max: 2 }
    answer: x*sigma(w*x + b)*(1 - sigma(w*x + b))
  - id: error-term
    type: matrix
    prompt: { en: delta_l, zh: delta_l }
    dims: { M_l: 3, M_next: 4 }
    symbols:
      z_l: { shape: [M_l, 1], tex: '\\mathbf{z}^{(l)}' }
      W_next: { shape: [M_next, M_l], tex: 'W^{(l+1)}' }
      delta_next: { shape: [M_next, 1], tex: '\\delta^{(l+1)}' }
    functions:
      fprime: { tex: "f_l'" }
    answer: fprime(z_l) .* (W_next^T * delta_next)
    wrongAnswers:
      - W_next * delta_next
      - answer: W_next^T * delta_next
        feedback: { en: You left out fprime., zh: 漏了 fprime。 }
  - id: weight-gradient
    type: matrix
    prompt: { en: dL/dW, zh: dL/dW }
    dims: { M_l: 3, M_prev: 2 }
    symbols:
      delta_l: { shape: [M_l, 1] }
      a_prev: { shape: [M_prev, 1] }
    answer: delta_l * a_prev^T
`;
