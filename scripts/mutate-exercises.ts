/**
 * `npm run exercises:mutate [id…]`: mutation-tests the checks of every exercise (or those named)
 * — lib/mutate/run.ts says how — writes `.meta/mutation-report.json` per exercise, prints every
 * surviving mutant with its diff and the score per exercise. Exit 1 when a non-equivalent mutant
 * survives or an equivalents file is wrong.
 *
 * `--ci` (used by `npm test`): trusts a committed report whose content hash still matches and
 * re-grades a deterministic sample of its killed mutants to prove the report; a stale report (its
 * hash changed) is proved by a larger sample and named, so CI time stays bounded; an exercise with
 * no report is mutated in full (and the report is not written: run the command and commit it).
 * Survivors already recorded in the committed report are shown as open work and do not fail CI;
 * any other survivor (a regression, or a new mutant) does.
 * `--write` with `--ci` writes refreshed reports anyway; `--pool=N` grades N mutants at once (default 2).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercises } from '../lib/content/loader';
import { createPool } from '../grader/pool';
import { exerciseMutants, killed, mutateExercise, mutationHash, reclassify, REPORT_FILE, reportProblems, type MutationReport } from '../lib/mutate/run';

const SAMPLE_PER_EXERCISE = 2;
/**
 * A report whose hash is stale (the solution, checks, harness or sandbox changed since the full
 * run) is proved by a larger sample in CI instead of a full re-run: a full run of every exercise
 * takes many minutes on 2 cores, and one change to grader/ would make every report stale at once.
 * The full proof is `npm run exercises:mutate -- --write`.
 */
const STALE_SAMPLE_PER_EXERCISE = 6;

async function main(): Promise<number> {
  const ci = process.argv.includes('--ci');
  const write = !ci || process.argv.includes('--write');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const started = performance.now();
  const all = loadExercises().exercises.filter((e) => e.files.solution);
  const unknown = only.filter((id) => !all.some((e) => e.id === id));
  if (unknown.length) {
    process.stderr.write(`unknown exercise(s): ${unknown.join(', ')}\n`);
    return 2;
  }
  const selected = all.filter((e) => only.length === 0 || only.includes(e.id));
  // --pool N: children grading at once (default 2, the CI machine's cores).
  const poolArg = process.argv.find((a) => a.startsWith('--pool='));
  const size = poolArg ? Math.max(1, Number(poolArg.slice('--pool='.length)) || 1) : 2;
  const pool = createPool({ size, spares: 0 });
  let failures = 0;
  let stale = 0;
  const rows: string[] = [];
  try {
    for (const ex of selected) {
      const file = path.join(ex.dir, REPORT_FILE);
      const hash = mutationHash(ex);
      const cached: MutationReport | undefined = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
      let report: MutationReport;
      let how: string;
      if (ci && cached) {
        const fresh = cached.hash === hash;
        report = cached;
        // Prove the cached report: a deterministic sample of its killed mutants must still die.
        const aliveIds = new Set([...cached.equivalent, ...cached.survivors].map((s) => s.id));
        const dead = exerciseMutants(ex).list.filter((m) => !aliveIds.has(m.id));
        const sample = [...dead].sort((a, b) => a.id.localeCompare(b.id)).slice(0, fresh ? SAMPLE_PER_EXERCISE : STALE_SAMPLE_PER_EXERCISE);
        for (const m of sample) {
          if (!(await killed(pool, ex, m))) {
            failures++;
            process.stdout.write(`FAIL ${ex.id}: mutant ${m.id} is recorded as killed but survives; run npm run exercises:mutate ${ex.id}\n`);
          }
        }
        how = `cached, ${sample.length} re-graded`;
        if (!fresh) {
          stale++;
          how = `stale report, ${sample.length} re-graded`;
          process.stdout.write(`note ${ex.id}: ${REPORT_FILE} is stale; a sample was re-graded (run npm run exercises:mutate -- --write ${ex.id} and commit the report)\n`);
        }
      } else {
        report = await mutateExercise(pool, ex);
        how = 'mutated';
        if (ci) {
          stale++;
          process.stdout.write(`note ${ex.id}: ${REPORT_FILE} is missing; mutated in full (run npm run exercises:mutate ${ex.id} and commit the report)\n`);
        }
        if (write) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      }
      report = reclassify(ex, report);
      let problems = reportProblems(ex, report);
      // CI enforces no regression: survivors already in the committed report are open work (shown,
      // not failing); a new survivor, or one in an exercise whose report was clean, fails.
      const known = new Set(ci && cached ? cached.survivors.map((s) => s.id) : []);
      const open = problems.filter((p) => [...known].some((id) => p.startsWith(`surviving mutant ${id}:`)));
      problems = problems.filter((p) => !open.includes(p));
      failures += problems.length;
      for (const p of open) process.stdout.write(`  open ${p}\n`);
      const score = `${(report.score * 100).toFixed(1)}%`.padStart(6);
      const line = `${problems.length ? 'FAIL' : 'ok  '} ${score} ${ex.id.padEnd(22)} ${report.killed}/${report.mutants} killed, ${report.equivalent.length} equivalent, ${report.survivors.length} surviving (${how})`;
      rows.push(line);
      process.stdout.write(`${line}\n`);
      for (const p of problems) process.stdout.write(`  ${p}\n`);
    }
  } finally {
    await pool.close();
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n${selected.length} exercises, ${failures} problem(s)${stale ? `, ${stale} stale report(s)` : ''}, ${secs} s\n`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`exercises:mutate: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
