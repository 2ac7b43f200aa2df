/**
 * `npm run test:load`: verdicts must not depend on how busy the machine is. Starts N busy
 * processes (`node -e 'for(;;){}'`, normal priority: they compete with the grader as other work on
 * a grading machine does), then proves exercises (as `exercises:validate` does: the solution scores
 * 100%, the starter and every catalogued mistake fail with their hint) and grades the hostile
 * corpus, each case expecting its own verdict. Exit 1 on any difference. The busy processes are
 * killed at the end, on error and on Ctrl-C.
 *
 *   npm run test:load                                 # CI: 8 busy processes, a reduced set
 *   npx tsx scripts/load-test.ts --busy 24 --all      # every exercise and the whole corpus
 *   npx tsx scripts/load-test.ts --busy 24 reverse-mode sgd-early-stopping
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createPool } from '../grader/pool';
import { validateExercises } from '../lib/authoring/validate';
import { ESCAPE, FORGERY, LIES, MEMORY, TIME, verdictMatches, type HostileCase } from '../test/hostile/cases';

/** The exercises that timed out under load when limits were wall-clock (issue 11), and a quick one. */
const REDUCED_EXERCISES = ['reverse-mode', 'sgd-early-stopping', 'sigmoid-prime'];
const REDUCED_CORPUS = [...TIME, ...MEMORY.slice(0, 3), ...LIES.slice(0, 3)];
/** A bound on the whole run, so CI cannot hang; far above what the reduced set needs. */
const RUN_LIMIT_MS = 15 * 60_000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const busyCount = Number(arg('--busy') ?? 8);
const all = process.argv.includes('--all');
const only = process.argv.slice(2).filter((a, i, xs) => !a.startsWith('--') && xs[i - 1] !== '--busy');
const exercises = all ? [] : only.length > 0 ? only : REDUCED_EXERCISES;
const corpus: HostileCase[] = all ? [...TIME, ...MEMORY, ...ESCAPE, ...FORGERY, ...LIES] : only.length > 0 ? [] : REDUCED_CORPUS;

const busy: ChildProcess[] = [];
function killBusy(): void {
  for (const p of busy.splice(0)) {
    try {
      p.kill('SIGKILL');
    } catch {
      // gone already
    }
  }
}
process.on('exit', killBusy);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killBusy();
    process.exit(130);
  });
}

async function main(): Promise<number> {
  const guard = setTimeout(() => {
    process.stderr.write(`load test: still running after ${RUN_LIMIT_MS / 60_000} minutes; stopped\n`);
    killBusy();
    process.exit(1);
  }, RUN_LIMIT_MS);
  guard.unref();

  const pool = createPool({ size: Math.min(2, os.availableParallelism()) });
  await pool.ready();
  for (let i = 0; i < busyCount; i++) busy.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  const started = performance.now();
  console.log(`load test: ${busyCount} busy processes on ${os.availableParallelism()} cores; ${all ? 'every exercise' : exercises.join(', ')}; ${corpus.length} hostile cases`);

  const problems: string[] = [];
  try {
    const result = await validateExercises(pool, {
      only: exercises,
      onExercise: (r) => console.log(`${r.problems.length === 0 ? 'ok  ' : 'FAIL'} ${r.id} (${((performance.now() - started) / 1000).toFixed(0)} s, load ${os.loadavg()[0]!.toFixed(1)})`),
    });
    for (const p of [...result.loadErrors, ...result.reports.flatMap((r) => r.problems)]) problems.push(`${p.file}:${p.line}: ${p.message}`);

    const verdicts = await Promise.all(
      corpus.map(async (c) => {
        const r = await pool.grade({ exerciseId: 'sigmoid-prime', code: c.code, mode: 'submit' });
        return { c, status: r.status, summary: r.summary };
      }),
    );
    for (const v of verdicts) {
      const ok = verdictMatches(v.c, v.status);
      if (!ok) problems.push(`hostile "${v.c.name}": expected ${v.c.expect}, got ${v.status} (${v.summary.slice(0, 200)})`);
    }
    console.log(`hostile corpus: ${verdicts.filter((v) => verdictMatches(v.c, v.status)).length}/${verdicts.length} verdicts as expected`);
  } finally {
    killBusy();
    await pool.close();
  }
  for (const p of problems) console.log(p);
  const stats = `${((performance.now() - started) / 1000).toFixed(1)} s under load`;
  console.log(`\n${problems.length} problem(s), ${stats}`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    killBusy();
    process.stderr.write(`load test: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
