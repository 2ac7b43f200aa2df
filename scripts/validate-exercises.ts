/**
 * `npm run exercises:validate [-- id…]`: proves every exercise folder, or only those named
 * (lib/authoring/validate.ts says how). One broken exercise is reported by path and line and does not
 * stop the others. Exit 1 when anything is wrong. `--json` prints one JSON report instead (the
 * authoring status page reads it). Each verdict is recorded with the version it holds for
 * (lib/content/held-back.ts): a failing exercise is hidden from students until it passes.
 */
import { writeValidationRecords } from '../lib/content/held-back';
import { loadExercises } from '../lib/content/loader';
import { validateExercises } from '../lib/authoring/validate';
import { createPool } from '../grader/pool';

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const started = performance.now();
  const known = loadExercises().exercises;
  // Only quiz ids named: nothing to do here (scripts/validate-quizzes.ts handles them).
  if (only.length > 0 && !known.some((e) => only.includes(e.id))) {
    if (!json) process.stdout.write(`no exercise among ${only.join(', ')}\n`);
    else process.stdout.write(`${JSON.stringify({ reports: [], loadErrors: [] })}\n`);
    return 0;
  }
  // Naming items: the grader children prepare only what they grade, not the whole catalogue.
  if (only.length > 0) process.env.DELTALAB_GRADER_PRELOAD = '0';
  const chosen = only.length > 0 ? known.filter((e) => only.includes(e.id)).length : known.length;
  const pool = createPool({ size: Math.max(1, Math.min(2, chosen)) });
  let result;
  try {
    result = await validateExercises(pool, {
      only,
      onExercise: json ? undefined : (r) => process.stdout.write(`${r.problems.length === 0 ? 'ok  ' : 'FAIL'} ${r.id} (${r.relDir})\n`),
    });
  } finally {
    await pool.close();
  }
  const at = new Date().toISOString();
  writeValidationRecords(Object.fromEntries(result.reports.map((r) => [r.id, { version: r.version, ok: r.problems.length === 0, problems: r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`), at }])));
  // Load errors of other folders do not concern a run that names its exercises.
  const problems = [...(only.length > 0 ? [] : result.loadErrors), ...result.reports.flatMap((r) => r.problems)];
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  for (const p of problems) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n${result.reports.length} exercises checked, ${problems.length} problem(s), ${secs} s\n`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`exercises:validate: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
