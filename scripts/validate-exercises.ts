/**
 * `npm run exercises:validate`: proves every exercise folder (lib/content/validate.ts says how).
 * One broken exercise is reported by path and line and does not stop the others. Exit 1 when
 * anything is wrong. `--json` prints one JSON report instead (the authoring status page reads it).
 */
import { loadExercises } from '../lib/content/loader';
import { validateExercises } from '../lib/content/validate';
import { createPool } from '../grader/pool';

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const started = performance.now();
  const pool = createPool({ size: Math.max(1, Math.min(2, loadExercises().exercises.length)) });
  let result;
  try {
    result = await validateExercises(pool, {
      only,
      onExercise: json ? undefined : (r) => process.stdout.write(`${r.problems.length === 0 ? 'ok  ' : 'FAIL'} ${r.id} (${r.relDir})\n`),
    });
  } finally {
    await pool.close();
  }
  const problems = [...result.loadErrors, ...result.reports.flatMap((r) => r.problems)];
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
