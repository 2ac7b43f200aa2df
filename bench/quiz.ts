/**
 * npm run bench:quiz — how long the quiz grader takes on answers built to stall it: the figures the
 * quiz unit tests used to assert in milliseconds (flaky on a loaded CI machine), measured here
 * instead, against the same targets.
 *
 * Each item runs REPEATS times after a warm-up; its time is the median of those runs. Groups:
 * parsing hostile input (length limit first), evaluating huge exponents, previewing 1 000 random
 * strings, grading the hostile scalar answers and every malformed and hostile answer of the answer
 * table (test/unit/quiz/answer-rows.ts, shared with the unit tests), and the mean time to grade a
 * matrix answer. Prints the slowest item of each group against its target; exits 1 when a group is
 * over its target (run it on a quiet machine).
 *
 * Options: --repeats 5
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { gradeQuestion } from '../lib/quiz/grade';
import { compile, evaluate, parse, previewExpression, scopeFromContext, type Env } from '../lib/quiz/expr';
import { HOSTILE_SCALAR, quiz, ROWS, SEED } from '../test/unit/quiz/answer-rows';
import { question } from '../test/unit/quiz/fixtures';

const { values: opts } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const REPEATS = Math.max(1, Number(opts.repeats));

/** The median time of `f` over REPEATS runs, after one warm-up run; what `f` throws is part of its work. */
function timed(f: () => unknown): number {
  const once = () => {
    const t0 = performance.now();
    try {
      f();
    } catch {
      // hostile input may be refused by throwing: the refusal is what is timed
    }
    return performance.now() - t0;
  };
  once();
  const times = Array.from({ length: REPEATS }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface Group {
  name: string;
  /** What the unit test used to assert. */
  targetMs: number;
  /** 'max': the slowest item must be under the target; 'mean': the mean over the items. */
  measure: 'max' | 'mean';
  items: { label: string; run: () => unknown }[];
}

const label = (answer: unknown) => String(typeof answer === 'symbol' ? 'symbol' : (JSON.stringify(answer) ?? typeof answer)).slice(0, 40);
const scalarScope = scopeFromContext({ symbols: [{ name: 'x' }, { name: 'w' }, { name: 'b' }] });
function evaluateScalar(source: string, values: Record<string, number> = {}) {
  const { ast } = compile(source, scalarScope);
  const env: Env = { values: new Map(Object.entries(values)), functions: new Map(), dims: new Map() };
  return evaluate(ast, source, env);
}
// The same alphabet as the preview property test; a fixed seed, so every run previews the same strings.
const alphabet = fc.constantFrom(...'xwb0123456789.+-*/^()\',TeEpi _δσ⊙ᵀ−[]{}=$!@#\u0000'.split(''), 'tanh(', 'exp(', '.*', './', '^T', '__proto__', 'constructor');
const randomStrings = fc.sample(fc.array(alphabet, { maxLength: 120 }).map((a) => a.join('')), { numRuns: 1000, seed: 42 });

const groups: Group[] = [
  {
    name: 'parse: 10 000 nested parentheses, a 100 kB string',
    targetMs: 20,
    measure: 'max',
    items: [
      { label: '10 000 nested', run: () => parse('('.repeat(10_000) + 'x' + ')'.repeat(10_000)) },
      { label: '100 kB', run: () => parse('x+'.repeat(50_000)) },
    ],
  },
  {
    name: 'evaluate: huge exponents (all four together)',
    targetMs: 50,
    measure: 'max',
    items: [
      {
        label: 'x^1e308 at 2 and 1, 2^2^2^2^2^2^2, (-8)^(1/3)',
        run: () => {
          for (const [source, values] of [['x^1e308', { x: 2 }], ['x^1e308', { x: 1 }], ['2^2^2^2^2^2^2', {}], ['(-8)^(1/3)', {}]] as const) {
            try {
              evaluateScalar(source, values);
            } catch {
              // refused, as it should be
            }
          }
        },
      },
    ],
  },
  {
    name: 'preview: 1 000 random strings',
    targetMs: 50,
    measure: 'max',
    items: randomStrings.map((source) => ({ label: label(source), run: () => previewExpression(source, { symbols: [{ name: 'x' }, { name: 'w' }, { name: 'b' }] }) })),
  },
  {
    name: 'grade: hostile scalar answers (tanh-prime)',
    targetMs: 20,
    measure: 'max',
    items: HOSTILE_SCALAR.map(([answer]) => ({ label: label(answer), run: () => gradeQuestion(question(quiz, 'tanh-prime'), SEED, answer) })),
  },
  {
    name: 'grade: malformed and hostile answers of every question type',
    targetMs: 50,
    measure: 'max',
    items: ROWS.flatMap((row) => [...row.malformed, ...row.hostile].map((answer) => ({ label: `${row.type}: ${label(answer)}`, run: () => gradeQuestion(question(quiz, row.id), SEED, answer) }))),
  },
  {
    name: 'grade: a matrix answer (error-term), 100 students',
    targetMs: 3,
    measure: 'mean',
    items: Array.from({ length: 100 }, (_, i) => ({ label: `s${i}`, run: () => gradeQuestion(question(quiz, 'error-term'), `s${i}`, 'diag(fprime(z_l)) * W_next^T * delta_next') })),
  },
];

let over = 0;
console.log(`bench:quiz — median of ${REPEATS} runs per item, Node ${process.version}`);
for (const g of groups) {
  const times = g.items.map((item) => ({ label: item.label, ms: timed(item.run) }));
  const slowest = times.reduce((a, b) => (b.ms > a.ms ? b : a));
  const figure = g.measure === 'max' ? slowest.ms : times.reduce((s, t) => s + t.ms, 0) / times.length;
  const ok = figure < g.targetMs;
  if (!ok) over++;
  const detail = g.measure === 'max' ? `slowest ${figure.toFixed(2)} ms (${slowest.label})` : `mean ${figure.toFixed(3)} ms`;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${g.name}: ${g.items.length} items, ${detail}; target < ${g.targetMs} ms`);
}
if (over > 0) {
  console.log(`${over} group(s) over target`);
  process.exitCode = 1;
}
