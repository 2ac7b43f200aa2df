import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compare } from '../../grader/harness/compare';
import { importChecks, prepareExercise } from '../../grader/harness/prepare';
import type { GraderPool } from '../../grader/pool';
import { loadExercises, repoRoot, type Exercise } from './loader';

/**
 * The proof of every exercise folder, shared by `npm run exercises:validate` and the instructors'
 * authoring status page: schema and unique ids (the loader), a loadable checks.ts whose mistakes
 * and hints match, references that agree with central differences, and — through a sandbox pool —
 * the solution scores 100%, the starter less, and every catalogued mistake fails with its own
 * hint. Problems carry the file (relative to the repository) and line.
 *
 * It imports checks.ts (trusted authoring code), so it runs in a script process, never inside the
 * web server (the site runs the script; lib/staff/authoring.ts).
 */

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export async function validateExercise(ex: Exercise, pool: GraderPool): Promise<Problem[]> {
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

export interface ExerciseReport {
  id: string;
  relDir: string;
  problems: Problem[];
}

/** Validates every exercise (or those in `only`); load errors come back separately. */
export async function validateExercises(
  pool: GraderPool,
  opts: { only?: string[]; onExercise?: (report: ExerciseReport) => void } = {},
): Promise<{ reports: ExerciseReport[]; loadErrors: Problem[] }> {
  const { exercises, errors } = loadExercises();
  const loadErrors: Problem[] = errors.map((e) => ({ ...e, file: path.relative(repoRoot(), e.file) }));
  const reports: ExerciseReport[] = [];
  for (const ex of exercises) {
    if (opts.only && opts.only.length > 0 && !opts.only.includes(ex.id)) continue;
    const report = { id: ex.id, relDir: ex.relDir, problems: await validateExercise(ex, pool) };
    reports.push(report);
    opts.onExercise?.(report);
  }
  return { reports, loadErrors };
}
