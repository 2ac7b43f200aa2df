/**
 * `npm run exercises:validate`: proves every exercise folder. Schema and unique ids (the loader),
 * a loadable checks.ts whose mistakes and hints match, references that agree with central
 * differences, and — through the real sandbox pool — the solution scores 100%, the starter less,
 * and every catalogued mistake fails with its own hint. One broken exercise is reported by path and
 * line and does not stop the others. Exit 1 when anything is wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercises, repoRoot, type Exercise } from '../lib/content/loader';
import { compare } from '../grader/harness/compare';
import { importChecks, prepareExercise } from '../grader/harness/prepare';
import { createPool, type GraderPool } from '../grader/pool';

interface Problem {
  file: string;
  line: number;
  message: string;
}

async function validateExercise(ex: Exercise, pool: GraderPool): Promise<Problem[]> {
  const problems: Problem[] = [];
  const where = (file: string, line = 1) => ({ file: path.relative(repoRoot(), file), line });

  let spec;
  try {
    spec = await importChecks(ex);
    await prepareExercise(ex);
  } catch (err) {
    return [{ ...where(ex.files.checks), message: `checks.ts failed to load: ${(err as Error).message}` }];
  }
  const examples = spec.checks.filter((c) => c.visibility === 'example');
  if (examples.length === 0) problems.push({ ...where(ex.files.checks), message: 'no check has visibility "example" (Check would run nothing)' });

  const catalogued = Object.keys(spec.mistakes ?? {});
  const files = ex.files.mistakes.map((m) => m.id);
  for (const id of files.filter((f) => !catalogued.includes(f))) problems.push({ ...where(path.join(ex.dir, '.meta/mistakes', `${id}.ts`)), message: `mistake "${id}" has no entry in checks.ts mistakes` });
  for (const id of catalogued.filter((c) => !files.includes(c))) problems.push({ ...where(ex.files.checks), message: `mistakes.${id} has no file .meta/mistakes/${id}.ts` });

  // The author's two references must agree: autodiff and central differences.
  const prepared = await prepareExercise(ex);
  for (const check of prepared.checks) {
    for (const [i, c] of check.cases.entries()) {
      if (c.numeric === undefined || c.expected === undefined) continue;
      const cmp = compare(c.expected, c.numeric, { abs: 1e-5, rel: 1e-4 });
      if (!cmp.ok) {
        problems.push({ ...where(ex.files.checks), message: `check "${check.spec.name}" input ${i}: expected() and numeric() disagree (${cmp.kind === 'value' ? `at ${cmp.worst.path.join('.')}: ${cmp.worst.expected} vs ${cmp.worst.got}` : 'shapes differ'})` });
        break;
      }
    }
  }

  const grade = (file: string, mode: 'check' | 'submit' = 'submit') => pool.grade({ exerciseId: ex.id, code: readFileSync(file, 'utf8'), mode, locale: 'en' });

  if (!ex.files.solution) {
    problems.push({ ...where(path.join(ex.dir, '.meta/solution.ts')), message: 'missing .meta/solution.ts' });
  } else {
    for (const mode of ['submit', 'check'] as const) {
      const r = await grade(ex.files.solution, mode);
      if (r.status !== 'passed' || r.score !== 1) {
        const failing = r.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
        problems.push({ ...where(ex.files.solution), message: `the solution must score 100% (${mode}) but got ${r.status} ${(r.score * 100).toFixed(1)}%: ${r.summary} ${failing.join(' | ')}` });
      }
    }
  }

  const starter = await grade(path.join(ex.dir, 'starter.ts'));
  if (starter.status === 'compile_error') problems.push({ ...where(path.join(ex.dir, 'starter.ts')), message: `the starter must compile: ${starter.summary}` });
  else if (starter.score >= 1) problems.push({ ...where(path.join(ex.dir, 'starter.ts')), message: 'the starter must score below 100%' });

  for (const m of ex.files.mistakes) {
    const r = await grade(m.path);
    if (r.score >= 1) problems.push({ ...where(m.path), message: `mistake "${m.id}" scores 100%; the checks do not catch it` });
    else if (!r.checks.some((c) => c.mistake?.id === m.id)) {
      const named = r.checks.map((c) => c.mistake?.id).filter(Boolean);
      problems.push({ ...where(m.path), message: `mistake "${m.id}" fails (${r.status}, ${(r.score * 100).toFixed(1)}%) but no check names it${named.length ? ` (named instead: ${named.join(', ')})` : ''}` });
    }
  }
  if (files.length < 2) problems.push({ ...where(ex.files.checks), message: `only ${files.length} catalogued mistake(s); at least two are expected` });
  return problems;
}

async function main(): Promise<number> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const started = performance.now();
  const { exercises, errors } = loadExercises();
  const problems: Problem[] = errors.map((e) => ({ ...e, file: path.relative(repoRoot(), e.file) }));
  const pool = createPool({ size: Math.max(1, Math.min(2, exercises.length)) });
  let checked = 0;
  try {
    for (const ex of exercises) {
      if (only.length > 0 && !only.includes(ex.id)) continue;
      const found = await validateExercise(ex, pool);
      checked++;
      problems.push(...found);
      process.stdout.write(`${found.length === 0 ? 'ok  ' : 'FAIL'} ${ex.id} (${ex.relDir})\n`);
    }
  } finally {
    await pool.close();
  }
  for (const p of problems) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n${checked} exercises checked, ${problems.length} problem(s), ${secs} s\n`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`exercises:validate: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
