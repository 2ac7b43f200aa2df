// Grading latency and throughput through the warm sandbox pool, as the site sees them: every
// grading is a full submit (fresh isolate, every check) of an exercise's example solution, timed in
// the parent from `pool.grade` to its result.
// Run: npm run bench:grader

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCatalog } from '../lib/content/loader';
import { createPool, type GraderPool } from '../grader/pool';
import type { GradingJob } from '../grader/results';

const CONTRACT = ['sigmoid-prime', 'softmax', 'error-term', 'mlp-backward', 'reverse-mode'];
const WARMUP = 20;
const SEQUENTIAL = 200;
const CONCURRENT = 400;
const CONCURRENCY = 8;
const THROUGHPUT_MS = 5_000;
const TARGETS = { p50: 15, p95: 50, throughput: 150 };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.DELTALAB_ROOT ??= root;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

async function timed(pool: GraderPool, job: GradingJob): Promise<number> {
  const start = performance.now();
  const result = await pool.grade(job);
  const ms = performance.now() - start;
  if (result.status !== 'passed') throw new Error(`${job.exerciseId}: the solution graded ${result.status}: ${result.summary}`);
  return ms;
}

/** Runs `total` gradings with at most `concurrency` in flight; returns each one's latency. */
async function load(pool: GraderPool, job: GradingJob, total: number, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      times.push(await timed(pool, job));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

function row(label: string, times: number[]): string {
  const p50 = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return `${label.padEnd(16)} ${p50.toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(8)} ${mean.toFixed(2).padStart(8)} ${String(times.length).padStart(6)}`;
}

/**
 * Fairness: one student floods Check with code V8 cannot interrupt (every grading runs until the
 * pool kills its child), FLOODERS requests in flight at once, while another student submits
 * normally, one grading after another. The victim's latency is compared with the same
 * submissions on an idle pool (target: p95 within 2×).
 */
const FLOOD_CODE = 'export function sigmoidPrime(x: number) { return Array.prototype.lastIndexOf.call({ length: 2 ** 40 }, 1); }';
const FLOODERS = 6;
const VICTIM_GRADINGS = 40;

async function fairness(pool: GraderPool, job: GradingJob): Promise<void> {
  const victim = async () => {
    const times: number[] = [];
    for (let i = 0; i < VICTIM_GRADINGS; i++) {
      const start = performance.now();
      const r = await pool.grade(job, { owner: 'victim' });
      times.push(performance.now() - start);
      if (r.status !== 'passed') throw new Error(`fairness: the victim's solution graded ${r.status}: ${r.summary}`);
    }
    return times;
  };
  const idle = await victim();

  let stop = false;
  let floods = 0;
  const restartsBefore = pool.stats().restarts;
  const flood = Array.from({ length: FLOODERS }, async () => {
    while (!stop) {
      const r = await pool.grade({ exerciseId: job.exerciseId, code: FLOOD_CODE, mode: 'check' }, { owner: 'flooder' });
      if (r.status !== 'timeout') throw new Error(`fairness: the flood graded ${r.status}: ${r.summary}`);
      floods++;
    }
  });
  // Let the flood fill the queue and kill a first child before measuring.
  while (floods < 1) await new Promise((r) => setTimeout(r, 50));
  const loaded = await victim();
  stop = true;
  await Promise.all(flood);

  console.log(`\nfairness: one student floods Check with uninterruptible code (${FLOODERS} in flight), another submits sigmoid-prime`);
  console.log(`latency, ms         p50      p95     mean      n`);
  console.log(row('victim, idle', idle));
  console.log(row('victim, flooded', loaded));
  const ratio = quantile(loaded, 0.95) / quantile(idle, 0.95);
  console.log(`flood: ${floods} gradings stopped (${pool.stats().restarts - restartsBefore} children killed and replaced)`);
  console.log(`  victim p95 flooded / idle ≤ 2: ${ratio.toFixed(2)}  ${ratio <= 2 ? 'met' : 'MISSED'}  (p50 ratio ${(quantile(loaded, 0.5) / quantile(idle, 0.5)).toFixed(2)})`);
}

async function main(): Promise<void> {
  const catalog = getCatalog();
  const jobs: GradingJob[] = [];
  for (const id of CONTRACT) {
    const solution = catalog.byId.get(id)?.files.solution;
    if (!solution) {
      console.log(`note: ${id} has no exercise or .meta/solution.ts yet; skipped`);
      continue;
    }
    jobs.push({ exerciseId: id, code: readFileSync(solution, 'utf8'), mode: 'submit' });
  }
  if (jobs.length === 0) throw new Error('none of the contract exercises exists');

  const pool = createPool();
  const setupStart = performance.now();
  await pool.ready();
  const size = pool.stats().size;
  console.log(`grader pool: ${size} children on ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}`);
  console.log(`warm in ${(performance.now() - setupStart).toFixed(0)} ms; every grading is a submit of the example solution\n`);

  try {
    if (process.argv.includes('--fairness')) {
      const sigmoidJob = jobs.find((j) => j.exerciseId === 'sigmoid-prime');
      if (sigmoidJob) {
        await load(pool, sigmoidJob, WARMUP * size, size);
        await fairness(pool, sigmoidJob);
      }
      return;
    }
    // Every child prepares every exercise (checks, reference answers) on first use.
    for (const job of jobs) await load(pool, job, WARMUP * size, size);

    console.log(`latency, ms         p50      p95     mean      n   (sequential: one at a time)`);
    const sequential = new Map<string, number[]>();
    for (const job of jobs) {
      const times = await load(pool, job, SEQUENTIAL, 1);
      sequential.set(job.exerciseId, times);
      console.log(row(job.exerciseId, times));
    }

    console.log(`\nlatency, ms         p50      p95     mean      n   (${CONCURRENCY} gradings in flight)`);
    for (const job of jobs) console.log(row(job.exerciseId, await load(pool, job, CONCURRENT, CONCURRENCY)));

    const sigmoid = jobs.find((j) => j.exerciseId === 'sigmoid-prime');
    let throughput: number | undefined;
    if (sigmoid) {
      const before = pool.stats().gradings;
      const start = performance.now();
      let stop = false;
      const timer = setTimeout(() => (stop = true), THROUGHPUT_MS);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (!stop) await timed(pool, sigmoid);
        }),
      );
      clearTimeout(timer);
      const seconds = (performance.now() - start) / 1000;
      const n = pool.stats().gradings - before;
      throughput = n / seconds;
      console.log(`\nthroughput, sigmoid-prime, ${CONCURRENCY} in flight: ${throughput.toFixed(0)} gradings/s (${n} in ${seconds.toFixed(1)} s)`);
    }

    console.log('\ntargets');
    const mlp = sequential.get('mlp-backward');
    if (mlp) {
      const p50 = quantile(mlp, 0.5);
      const p95 = quantile(mlp, 0.95);
      console.log(`  mlp-backward sequential p50 ≤ ${TARGETS.p50} ms: ${p50.toFixed(2)} ms  ${p50 <= TARGETS.p50 ? 'met' : 'MISSED'}`);
      console.log(`  mlp-backward sequential p95 ≤ ${TARGETS.p95} ms: ${p95.toFixed(2)} ms  ${p95 <= TARGETS.p95 ? 'met' : 'MISSED'}`);
    } else {
      console.log('  mlp-backward: not measured (exercise missing)');
    }
    if (throughput !== undefined) {
      console.log(`  sigmoid-prime throughput ≥ ${TARGETS.throughput}/s: ${throughput.toFixed(0)}/s  ${throughput >= TARGETS.throughput ? 'met' : 'MISSED'}`);
    } else {
      console.log('  sigmoid-prime throughput: not measured (exercise missing)');
    }
    const sigmoidJob = jobs.find((j) => j.exerciseId === 'sigmoid-prime');
    if (sigmoidJob) await fairness(pool, sigmoidJob);

    const stats = pool.stats();
    console.log(`\npool: ${stats.gradings} gradings, ${stats.restarts} child restarts`);
  } finally {
    await pool.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
