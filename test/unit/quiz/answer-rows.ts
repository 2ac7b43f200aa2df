import { tokensFor } from '../../../lib/quiz/options';
import type { ChoiceQuestion } from '../../../lib/quiz/schema';
import { FIXTURE, question, quizFromYaml } from './fixtures';

/**
 * One table for every question type: a correct answer, an equivalent one written differently, a
 * wrong one, malformed ones and hostile ones. The unit tests (answer-matrix.test.ts) prove each is
 * graded as stated and never throws; `npm run bench:quiz` times the malformed and hostile ones (a
 * quiz submission grades up to 40 of these in one request).
 */

export const quiz = quizFromYaml(FIXTURE);
export const SEED = 'student-7';
const tok = (id: string, options: string[]) => tokensFor(question(quiz, id) as ChoiceQuestion, SEED, options);

export interface Row {
  type: string;
  id: string;
  correct: unknown;
  equivalent: unknown;
  wrong: unknown;
  /** Answers that cannot be read: score 0 with a reason (an error code, or invalid). */
  malformed: unknown[];
  /** Answers built to break or stall the grader. */
  hostile: unknown[];
}

export const nested = (n: number, inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;
const wrongShapes: unknown[] = [null, undefined, 42, true, {}, { answer: 'x' }, [[]], [{}], () => 1, Symbol('x'), new Date(0)];

export const ROWS: Row[] = [
  {
    type: 'single',
    id: 'pick-one',
    correct: tok('pick-one', ['a'])[0],
    equivalent: tok('pick-one', ['a']), // the same choice sent as a one-element list
    wrong: tok('pick-one', ['b'])[0],
    malformed: ['a', '', tok('pick-one', ['a', 'b']), ...wrongShapes],
    hostile: ['__proto__', 'constructor', 'o'.repeat(100_000), Array.from({ length: 100_000 }, (_, i) => `o${i}`), ['NaN'], 'Infinity'],
  },
  {
    type: 'multiple',
    id: 'pick-many',
    correct: tok('pick-many', ['a', 'e']),
    equivalent: [...tok('pick-many', ['e', 'a']), ...tok('pick-many', ['a'])], // other order, a duplicate
    wrong: tok('pick-many', ['b', 'x']),
    malformed: ['e', [], [1, 2], ...wrongShapes],
    hostile: [['__proto__'], ['constructor', 'toString'], Array.from({ length: 100_000 }, () => tok('pick-many', ['a'])[0]), ['x'.repeat(100_000)], ['NaN', 'Infinity']],
  },
  {
    type: 'numeric',
    id: 'sigma-prime',
    correct: '0.25',
    equivalent: 'sigma(0)*(1 - sigma(0))',
    wrong: '0.5',
    // 42 is a number, a well-formed numeric answer; NaN and ±Infinity cannot come from JSON but are refused anyway.
    malformed: ['0,25', '', '  ', '(1', '1 +', '0x10', '1_000', 'x', ...wrongShapes.filter((x) => typeof x !== 'number'), NaN, Infinity, -Infinity],
    hostile: ['NaN', 'Infinity', '-Infinity', '1e999', '1e-999999', nested(10_000, '0.25'), '9'.repeat(100_000), 'exp(exp(exp(10)))', 'foo(1)', 'eval(1)', 'constructor', '0.25; process.exit()'],
  },
  {
    type: 'scalar expression',
    id: 'tanh-prime',
    correct: '1 - tanh(x)^2',
    equivalent: '(1 - tanh(x)) * (1 + tanh(x))',
    wrong: '1 - tanh(x)',
    malformed: ['1 - tanh(x^2', '2tanh(x)', 'tanh x', '', '1 - tanh(y)^2', ...wrongShapes, ['1 - tanh(x)^2']],
    hostile: [
      nested(10_000, 'tanh(x)'),
      nested(200, 'tanh(x)'),
      'x'.repeat(100_000),
      Array.from({ length: 200 }, () => 'tanh(x)').join('+'),
      'NaN * tanh(x)',
      'Infinity + tanh(x)',
      'tanh(x) * 1e999',
      'foo(tanh(x))',
      'require(x)',
      '(2 + tanh(x))^1e308',
      'tanh(x)/(x - x)',
    ],
  },
  {
    type: 'matrix expression',
    id: 'error-term',
    correct: 'fprime(z_l) .* (W_next^T * delta_next)',
    equivalent: 'diag(fprime(z_l)) * transpose(W_next) * delta_next',
    wrong: 'fprime(z_l) .* (W_next * delta_next)', // a shape error: 4×3 times 4×1
    malformed: ['W_next *', 'W_next delta_next', 'W_nxt^T * delta_next', '', ...wrongShapes, ['W_next']],
    hostile: [
      nested(10_000, 'W_next'),
      nested(200, 'z_l'),
      Array.from({ length: 150 }, () => 'W_next^T * delta_next').join(' + '),
      'ones(16, 16) * ones(16, 16) * ones(16, 16) * ones(16, 16) * z_l',
      'ones(100000) .* z_l',
      'NaN * z_l',
      'Infinity .* z_l',
      'inv(W_next) * delta_next',
      '__proto__ * z_l',
      'W_next^T * delta_next * 1e999',
    ],
  },
];

/** Hostile answers to the scalar-expression question `tanh-prime`, each with the error code it must get. */
export const HOSTILE_SCALAR: [unknown, string][] = [
  ['('.repeat(10_000) + 'x' + ')'.repeat(10_000), 'tooLong'],
  ['x'.repeat(100_000), 'tooLong'],
  ['exp(exp(exp(1000))) + tanh(x)', 'notFinite'],
  ['tanh(x)/(x - x)', 'divisionByZero'],
  ['(2 + tanh(x))^1e308', 'notFinite'],
  ['constructor + tanh(x)', 'unknownSymbol'],
  ['__proto__ + tanh(x)', 'unknownSymbol'],
  ['toString(x) + tanh(x)', 'unknownFunction'],
  ['eval(x) + tanh(x)', 'unknownFunction'],
  ["Function('return 1')()", 'unexpectedToken'],
  ['Function("return process")()', 'badChar'],
  ['x => x', 'equalsSign'],
  ['('.repeat(60) + 'tanh(x)' + ')'.repeat(60), 'tooDeep'],
];
