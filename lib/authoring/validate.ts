import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compare } from '../../grader/harness/compare';
import { importChecks, prepareExercise } from '../../grader/harness/prepare';
import type { GraderPool } from '../../grader/pool';
import { checkShapeProblems } from '../content/checks-schema';
import { starterDeclarationProblems } from '../content/declarations';
import { loadExercises, repoRoot, type Exercise } from '../content/loader';
import { exampleTableInputs } from '../content/statement-checks';
import { typecheckExercises } from '../content/typecheck';
import type { Problem } from '../content/validate-types';
import type { CheckResult } from '../../grader/results';

export type { Problem } from '../content/validate-types';

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

/** A grading result of the reference solution, worded for the author who wrote it. */
export function authorWording(c: CheckResult): string {
  const input = c.input ? ` on input ${c.input}` : '';
  if (c.error) {
    const at = c.error.line ? ` (solution line ${c.error.line})` : '';
    if (c.error.kind === 'timeout') return `check "${c.name}": the solution's call ran past the time limit${input}; raise limits.checkTimeMs or make the call cheaper`;
    if (c.error.kind === 'memory_limit') return `check "${c.name}": the solution's call ran out of memory${input}; raise limits.memoryMb`;
    return `check "${c.name}": the solution's call threw${input}: ${c.error.message}${at} — is call() calling the function the statement names, with the input in the right shape?`;
  }
  const detail = c.message.replace(/\byou returned\b/g, 'the solution returned').replace(/^Wrong\b/, 'wrong');
  return `check "${c.name}": the solution's answer disagrees with expected()${input}: ${detail}`;
}

export async function validateExercise(ex: Exercise, pool: GraderPool, typeProblems: Problem[] = []): Promise<Problem[]> {
  const problems: Problem[] = [...staticProblems(ex), ...typeProblems];
  const where = (file: string, line = 1) => ({ file: path.relative(repoRoot(), file), line });

  let spec;
  try {
    spec = await importChecks(ex);
  } catch (err) {
    return [...problems, { ...where(ex.files.checks), message: `checks.ts failed to load: ${(err as Error).message}` }];
  }
  const shape = checkShapeProblems(spec, ex.files.checks);
  problems.push(...shape.map((p) => ({ ...where(ex.files.checks, p.line), message: p.message })));
  // A check the grader would misread (unknown visibility, missing call) is not run any further.
  if (shape.length > 0) return problems;
  try {
    await prepareExercise(ex);
  } catch (err) {
    return [...problems, { ...where(ex.files.checks), message: `checks.ts failed to prepare its inputs and references: ${(err as Error).message}` }];
  }
  problems.push(...exampleTableProblems(ex, spec.checks.filter((c) => c.visibility === 'example').flatMap((c) => (Array.isArray(c.inputs) ? (c.inputs as unknown[]) : []))));
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
        const failing = r.checks.filter((c) => !c.passed).map(authorWording);
        const why = failing.length > 0 ? failing.join(' | ') : `the grading ended with ${r.status}: ${r.summary}`;
        problems.push({ ...where(ex.files.solution), message: `.meta/solution.ts must score 100% (${mode === 'submit' ? 'Submit' : 'Check'}) but scores ${(r.score * 100).toFixed(1)}%: ${why}` });
      }
    }
  }

  const starter = await grade(path.join(ex.dir, 'starter.ts'));
  if (starter.status === 'compile_error') problems.push({ ...where(path.join(ex.dir, 'starter.ts')), message: `the starter must compile: ${starter.summary}` });
  else if (starter.score >= 1) problems.push({ ...where(path.join(ex.dir, 'starter.ts')), message: 'the starter must score below 100%' });
  // The editor's declarations are emitted from the starter alone: every export needs its own types.
  for (const d of starterDeclarationProblems(ex.starter)) problems.push({ ...where(path.join(ex.dir, 'starter.ts'), d.line), message: `the editor cannot declare this export from the starter alone: ${d.message}` });

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
  /** The content hash validated: the verdict holds for this version only. */
  version: string;
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
  const chosen = exercises.filter((ex) => !opts.only || opts.only.length === 0 || opts.only.includes(ex.id));
  const types = typecheckExercises(chosen.map((ex) => ex.dir), repoRoot());
  for (const ex of chosen) {
    const report = { id: ex.id, relDir: ex.relDir, version: ex.version, problems: await validateExercise(ex, pool, types.get(ex.dir)) };
    reports.push(report);
    opts.onExercise?.(report);
  }
  return { reports, loadErrors };
}

/** Problems found without running anything (the loader's: both languages, every formula renders). */
export function staticProblems(ex: Exercise): Problem[] {
  return ex.textProblems.map((p) => ({ ...p, file: path.relative(repoRoot(), p.file) }));
}

function tableNumber(cell: string): number | undefined {
  const t = cell.replace(/\$|`|\\ldots|\\dots|…|\s/g, '').replace(/[−–]/g, '-');
  if (t === '' || !/^[-+0-9.eE]+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function leadingNumber(input: unknown): number | undefined {
  if (typeof input === 'number') return input;
  if (Array.isArray(input)) return typeof input[0] === 'number' ? input[0] : undefined;
  if (input && typeof input === 'object') return Object.values(input).find((v): v is number => typeof v === 'number');
  return undefined;
}

/**
 * A statement's example table promises the student that Check runs those inputs: every number in
 * its first column must be the leading number of an input of an example check. Tables whose first
 * column is not numbers (vectors, words) are not compared.
 */
function exampleTableProblems(ex: Exercise, inputs: unknown[]): Problem[] {
  const table = exampleTableInputs(ex.statement);
  if (!table || inputs.length === 0) return [];
  const cells = table.values.map(tableNumber);
  if (cells.length === 0 || cells.some((c) => c === undefined)) return [];
  const run = inputs.map(leadingNumber);
  if (run.some((r) => r === undefined)) return [];
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  const missing = (cells as number[]).filter((c) => !run.some((r) => near(r!, c)));
  if (missing.length === 0) return [];
  return [{ file: path.relative(repoRoot(), path.join(ex.dir, 'exercise.md')), line: ex.bodyLine + table.line - 1, message: `the example table shows ${missing.join(', ')} but no example check runs that input (example inputs: ${run.join(', ')}); add it to the example check or fix the table` }];
}
