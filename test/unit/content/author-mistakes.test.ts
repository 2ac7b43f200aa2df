import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPool } from '../../../grader/pool';
import { checkShapeProblems } from '../../../lib/content/checks-schema';
import { writeValidationRecords } from '../../../lib/content/held-back';
import { getCatalog, loadExercises } from '../../../lib/content/loader';
import { typecheckExercises } from '../../../lib/content/typecheck';
import { validateExercise } from '../../../lib/authoring/validate';

/**
 * One test per author mistake of issue 14 §4: each is made in a copy of a real exercise (in a
 * folder as deep as exercises/, so checks.ts's relative imports still resolve) and validation must
 * name it, in an author's words, at the line where it is.
 */

const SOURCE = 'exercises/4.1-neurons/sigmoid-prime';
const scratch: string[] = [];
let root = '';
let dir = '';
let n = 0;
const env = process.env as Record<string, string | undefined>;
const savedNodeEnv = env.NODE_ENV;

beforeEach(() => {
  n++;
  root = mkdtempSync(path.join(process.cwd(), '.author-test-'));
  // mkdtemp makes it private; the grader's children run unprivileged and must read it.
  chmodSync(root, 0o755);
  scratch.push(root);
  dir = path.join(root, '4.1-neurons', 'sigmoid-prime');
  mkdirSync(path.dirname(dir), { recursive: true });
  cpSync(SOURCE, dir, { recursive: true });
  process.env.DELTALAB_EXERCISES_DIR = root;
  process.env.DELTALAB_VALIDATION_FILE = path.join(root, 'validation.json');
});
afterEach(() => {
  env.NODE_ENV = savedNodeEnv;
  delete process.env.DELTALAB_EXERCISES_DIR;
  delete process.env.DELTALAB_VALIDATION_FILE;
});
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

function edit(file: string, from: string, to: string) {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  expect(text).toContain(from);
  writeFileSync(p, text.replace(from, to));
}
/** The 1-based line of the first line containing `needle`. */
function lineOf(file: string, needle: string): number {
  const i = readFileSync(path.join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}
async function shapeProblems() {
  const file = path.join(dir, 'checks.ts');
  const mod = (await import(`${pathToFileURL(file).href}?t=${n}`)) as { default: unknown };
  return checkShapeProblems(mod.default, file);
}

describe('validation catches the author mistakes of issue 14', () => {
  it('a misspelt check field (tolerence) is an error at its line in checks.ts, with the right spelling', async () => {
    edit('checks.ts', "      points: 4,\n      call,\n      inputs: [-1000", "      points: 4,\n      call,\n      tolerence: tolerances.closedForm,\n      inputs: [-1000");
    const line = lineOf('checks.ts', 'tolerence:');
    const shape = await shapeProblems();
    expect(shape).toEqual([{ line, message: expect.stringContaining('check "large-x": unknown field "tolerence" (did you mean "tolerance"?)') }]);
    // The compiler says so too, at the same line (starters and .meta are checked as well).
    const types = typecheckExercises([dir], process.cwd()).get(dir)!;
    expect(types.some((p) => p.line === line && p.file.endsWith('checks.ts') && /tolerence/.test(p.message))).toBe(true);
  });

  it('an invalid visibility is a clear message at its line, not a grader dump', async () => {
    edit('checks.ts', "name: 'random',", "name: 'random',\n      visibility: 'public' as 'example',");
    const shape = await shapeProblems();
    expect(shape).toEqual([{ line: lineOf('checks.ts', "visibility: 'public'"), message: 'check "random" field visibility: must be "example", "hidden" or "secret" (got "public")' }]);
  });

  it('a problem in the examples({…}) check, which has no name line, is reported at its field', async () => {
    edit('checks.ts', 'examples({\n      points: 2,', 'examples({\n      points: -2,');
    const shape = await shapeProblems();
    expect(shape).toEqual([{ line: lineOf('checks.ts', 'points: -2,'), message: expect.stringContaining('check "examples" field points') }]);
  });

  it("a call that does not match the starter's exports is a type error at its line", () => {
    edit('checks.ts', 'x: number) => m.sigmoidPrime(x);', 'x: number) => m.sigmoidDeriv(x);');
    const types = typecheckExercises([dir], process.cwd()).get(dir)!;
    const line = lineOf('checks.ts', 'm.sigmoidDeriv(x)');
    expect(types.some((p) => p.line === line && p.file.endsWith('checks.ts') && /sigmoidDeriv/.test(p.message))).toBe(true);
  });

  it('a KaTeX error in a statement is reported at its line, in either language', () => {
    edit('exercise.md', 'The logistic function squashes any real number into $(0, 1)$:', 'The logistic function squashes any real number into $\\frac{1}{(0, 1)$:');
    const ex = loadExercises(root).exercises[0]!;
    expect(ex.textProblems).toEqual([{ file: path.join(dir, 'exercise.md'), line: lineOf('exercise.md', '\\frac{1}{(0, 1)'), message: expect.stringMatching(/^KaTeX cannot render .*expected '}'/i) }]);
  });

  it('an unknown KaTeX command is an error in strict mode (the site would show red raw TeX)', () => {
    const zh = readFileSync(path.join(dir, 'exercise.zh.md'), 'utf8');
    writeFileSync(path.join(dir, 'exercise.zh.md'), `${zh}\n\n公式 $\\sigmoid(x)$。\n`);
    const ex = loadExercises(root).exercises[0]!;
    expect(ex.textProblems).toHaveLength(1);
    expect(ex.textProblems[0]).toMatchObject({ file: path.join(dir, 'exercise.zh.md'), line: lineOf('exercise.zh.md', '\\sigmoid'), message: expect.stringContaining('\\sigmoid') });
  });

  it('a missing exercise.zh.md is a problem', () => {
    rmSync(path.join(dir, 'exercise.zh.md'));
    const ex = loadExercises(root).exercises[0]!;
    expect(ex.textProblems.map((p) => p.message)).toEqual([expect.stringContaining('missing exercise.zh.md')]);
  });

  it('a hint without its Chinese text is a problem at the hint', async () => {
    edit('checks.ts', "        zh: '你的结果等于 σ(x)·σ(x)。第二个因子应为 1 − σ(x)。',\n", '');
    const shape = await shapeProblems();
    expect(shape).toEqual([{ line: lineOf('checks.ts', "'sigma-squared': {"), message: expect.stringMatching(/^mistakes\.sigma-squared\.hint\.zh: the Chinese text \(zh\) is missing/) }]);
  });

  it('a front-matter error is reported at the offending key, not at line 2', () => {
    edit('exercise.md', 'points: 10\n', 'points: 10\npionts: 3\n');
    const { errors } = loadExercises(root);
    expect(errors).toEqual([{ file: path.join(dir, 'exercise.md'), line: lineOf('exercise.md', 'pionts:'), message: expect.stringContaining('pionts: unknown key (allowed: id, title, section') }]);
    expect(lineOf('exercise.md', 'pionts:')).toBeGreaterThan(2);
  });

  it('a wrong value in front matter is reported at its key', () => {
    edit('exercise.md', 'order: 10', 'order: ten');
    const { errors } = loadExercises(root);
    expect(errors).toEqual([{ file: path.join(dir, 'exercise.md'), line: lineOf('exercise.md', 'order: ten'), message: expect.stringContaining('order:') }]);
  });

  it('a checks.ts type error is reported at its real line', () => {
    edit('checks.ts', 'inputs: [0, 1, -2],', "inputs: [0, '1', -2],");
    const types = typecheckExercises([dir], process.cwd()).get(dir)!;
    expect(types.length).toBeGreaterThan(0);
    expect(types.map((p) => p.line)).toContain(lineOf('checks.ts', "inputs: [0, '1', -2],"));
    expect(types[0]!.file).toMatch(/checks\.ts$/);
  });

  it('a failing call is worded for the author: the solution\'s call threw, with the message and the check name', async () => {
    // The call asks for a function the solution does not export: an authoring slip, not a student's.
    edit('checks.ts', 'const call = (m: typeof Starter, x: number) => m.sigmoidPrime(x);', 'const call = (m: typeof Starter, x: number) => (m as unknown as { sigmoidDeriv(x: number): number }).sigmoidDeriv(x);');
    const ex = loadExercises(root).exercises[0]!;
    const pool = createPool({ size: 1 });
    try {
      const problems = await validateExercise(ex, pool);
      const solution = problems.filter((p) => p.file.endsWith('.meta/solution.ts'));
      expect(solution.length).toBeGreaterThan(0);
      expect(solution[0]!.message).toMatch(/^\.meta\/solution\.ts must score 100% \(Submit\) but scores 0\.0%: check "examples": the solution's call threw on input x = 0: .*sigmoidDeriv/);
      expect(problems.map((p) => p.message).join('\n')).not.toMatch(/Your code|you returned/);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('what students see', () => {
  it('an exercise whose last validation failed is hidden from students; staff still see it', () => {
    const ex = loadExercises(root).exercises[0]!;
    expect(getCatalog({ fresh: true }).byId.has('sigmoid-prime')).toBe(true);
    writeValidationRecords({ 'sigmoid-prime': { version: ex.version, ok: false, problems: ['x'], at: new Date().toISOString() } });
    const cat = getCatalog({ fresh: true });
    expect(cat.byId.has('sigmoid-prime')).toBe(false);
    expect(cat.exercises).toHaveLength(0);
    expect(cat.allById.has('sigmoid-prime')).toBe(true);
    expect(cat.held.get('sigmoid-prime')).toMatch(/last validation failed/);
    // A verdict holds for its version only: after an edit the next validation decides again.
    edit('exercise.md', 'points: 10', 'points: 11');
    expect(getCatalog({ fresh: true }).byId.has('sigmoid-prime')).toBe(true);
  });

  it('an exercise whose statement fails (KaTeX) is hidden without any recorded validation', () => {
    edit('exercise.md', 'into $(0, 1)$', 'into $\\frac{(0, 1)$');
    const cat = getCatalog({ fresh: true });
    expect(cat.byId.has('sigmoid-prime')).toBe(false);
    expect(cat.held.get('sigmoid-prime')).toMatch(/KaTeX/);
  });

  it('draft: true keeps an exercise hidden on purpose; staff still see it', () => {
    edit('exercise.md', 'points: 10\n', 'points: 10\ndraft: true\n');
    const cat = getCatalog({ fresh: true });
    expect(cat.byId.has('sigmoid-prime')).toBe(false);
    expect(cat.allById.get('sigmoid-prime')?.draft).toBe(true);
    expect(cat.held.get('sigmoid-prime')).toMatch(/draft/);
  });

  it('in production an edited exercise is picked up without a restart, with a new version', async () => {
    env.NODE_ENV = 'production';
    const before = getCatalog({ fresh: true }).byId.get('sigmoid-prime')!;
    edit('exercise.md', 'title: "The derivative of the logistic function"', 'title: "σ′, edited in production"');
    // The catalogue looks at the folder at most once a second: wait for it, no restart.
    let after = getCatalog().byId.get('sigmoid-prime')!;
    const deadline = Date.now() + 10_000;
    while (after.title === before.title && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = getCatalog().byId.get('sigmoid-prime')!;
    }
    expect(after.title).toBe('σ′, edited in production');
    expect(after.version).not.toBe(before.version);
  });
});
