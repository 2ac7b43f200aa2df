/**
 * npm run bench:scale — the site scaled out on PostgreSQL, on this machine: two web servers (the
 * production build, `next start` on two ports) and grading workers (`npm run worker`) sharing one
 * scratch database, under simulated students submitting `mlp-backward`. Students alternate
 * between the two servers (as behind a load balancer) and poll with backoff until feedback.
 *
 * Phase 1 runs with two workers, phase 2 with one (same web servers, same database). Each prints
 * sustained gradings/s, p50/p95 submit-to-feedback latency and the queue depth (submissions
 * waiting or being graded) sampled every second.
 *
 * Options: --students 20 --duration 30 (seconds measured per phase) --warmup 5 --think 1000
 * --concurrency 1 (gradings per worker) --exercise mlp-backward (any exercise id; its reference
 * solution is what the students submit) --reuse-build (skip `next build` when a build exists).
 *
 * Each phase also prints where the CPU went (cores used by the web servers, the workers with
 * their sandboxes, this load generator, and the rest: PostgreSQL and the machine's other
 * processes). Throughput grows with workers only while the machine has a core to give them:
 * on a small machine that runs everything at once, the busy figure shows when it has none.
 * The database server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created there and dropped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { describeCpu, sampleCpu, type CpuSample } from './cpu';

const { values: opts } = parseArgs({
  options: {
    students: { type: 'string', default: '20' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    think: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '1' },
    exercise: { type: 'string', default: 'mlp-backward' },
    'reuse-build': { type: 'boolean', default: false },
  },
});
const STUDENTS = Number(opts.students);
const DURATION_MS = Number(opts.duration) * 1000;
const WARMUP_MS = Number(opts.warmup) * 1000;
const THINK_MS = Number(opts.think);
const CONCURRENCY = Number(opts.concurrency);
const EXERCISE = opts.exercise;
const ROOT = process.cwd();
const JOIN_CODE = 'BENCH-JOIN';
const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const require = createRequire(path.join(ROOT, 'package.json'));
const nextBin = require.resolve('next/dist/bin/next');
const tsx = require.resolve('tsx');
const solution = readFileSync(findSolution(EXERCISE), 'utf8');

function findSolution(id: string): string {
  for (const section of readdirSync(path.join(ROOT, 'exercises'))) {
    const file = path.join(ROOT, 'exercises', section, id, '.meta', 'solution.ts');
    if (existsSync(file)) return file;
  }
  throw new Error(`no solution for ${id}`);
}

interface Phase {
  workers: number;
  graded: number;
  window: number;
  latencies: number[];
  polls: number;
  errors: Map<string, number>;
  depth: number[];
  cpu: string;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };
  spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/copy-monaco.ts'], { stdio: 'inherit', env });
  if (opts['reuse-build'] && existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.log('using the existing production build (.next)');
  } else {
    console.log('building the production site (next build)…');
    const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const dbName = `deltalab_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-bench-scale-'));
  const shared = {
    ...env,
    DATABASE_URL: databaseUrl,
    DELTALAB_DATA_DIR: dataDir,
    BETTER_AUTH_SECRET: randomBytes(24).toString('base64url'),
    DELTALAB_JOIN_CODE: JOIN_CODE,
    DELTALAB_LOG_LEVEL: 'warn',
    // The load generator stands for many students on one machine: it is the servers' trusted
    // proxy (each simulated student sends its own X-Forwarded-For), and the per-student rate
    // limits, made for people, are lifted so the benchmark measures grading, not the limiter.
    DELTALAB_TRUSTED_PROXIES: '127.0.0.1,::1',
    DELTALAB_SUBMIT_PER_MINUTE: '100000',
    DELTALAB_CHECK_PER_MINUTE: '100000',
  };
  const procs: ChildProcess[] = [];
  const monitor = new pg.Client({ connectionString: databaseUrl });
  try {
    const bases: string[] = [];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const base = `http://localhost:${port}`;
      // The web servers keep a one-child pool for the unrecorded Check button only.
      const web = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
        env: { ...shared, PORT: String(port), BETTER_AUTH_URL: base, DELTALAB_GRADER_POOL_SIZE: '1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      procs.push(web);
      // One at a time: the first migrates the database.
      await waitUntilUp(base, web);
      bases.push(base);
    }
    await monitor.connect();
    console.log(`web servers on ${bases.join(' and ')}; PostgreSQL ${dbName}; ${os.cpus().length} CPUs, Node ${process.version}`);

    const cookies: string[] = [];
    for (let i = 0; i < STUDENTS; i++) cookies.push(await signUp(bases[i % 2]!, i));
    console.log(`${STUDENTS} students signed up`);

    const phases: Phase[] = [];
    for (const workers of [2, 1]) {
      const running = await startWorkers(shared, workers);
      try {
        const roles = { web: procs.map((p) => p.pid!), workers: running.map((w) => w.pid!) };
        phases.push(await runPhase(bases, cookies, monitor, workers, roles));
      } finally {
        await Promise.all(running.map(stop));
      }
      // Let the queue drain between phases so the next starts from zero.
      await drain(monitor);
    }

    console.log('');
    console.log(`bench:scale — ${STUDENTS} students submitting ${EXERCISE} to 2 web servers (next start), think time ${THINK_MS} ms, ${CONCURRENCY} grading(s) per worker`);
    for (const p of phases) {
      const sorted = [...p.latencies].sort((a, b) => a - b);
      const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))] ?? NaN;
      const errors = [...p.errors.values()].reduce((a, b) => a + b, 0);
      console.log('');
      console.log(`  ${p.workers} worker${p.workers > 1 ? 's' : ''} (${p.window.toFixed(1)} s measured after ${WARMUP_MS / 1000} s warm-up)`);
      console.log(`    sustained        ${(p.graded / p.window).toFixed(1)} gradings/s (${p.graded} graded; ${p.polls} polls)`);
      console.log(`    latency p50      ${q(0.5).toFixed(0)} ms`);
      console.log(`            p95      ${q(0.95).toFixed(0)} ms`);
      console.log(`            max      ${(sorted.at(-1) ?? NaN).toFixed(0)} ms`);
      console.log(`    queue depth/s    ${p.depth.join(' ')}`);
      console.log(`    CPU (cores)      ${p.cpu}`);
      console.log(`    errors           ${errors}${errors ? ` (${[...p.errors].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`);
    }
  } finally {
    await monitor.end().catch(() => undefined);
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('exit', r)) : undefined)));
    await admin(`drop database if exists ${dbName} with (force)`).catch((err: unknown) => console.error(`could not drop ${dbName}:`, err));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startWorkers(env: NodeJS.ProcessEnv, n: number): Promise<ChildProcess[]> {
  const started: Promise<ChildProcess>[] = [];
  for (let i = 0; i < n; i++) {
    started.push(
      new Promise((resolve, reject) => {
        const worker = spawn(process.execPath, ['--conditions=react-server', '--import', tsx, 'scripts/worker.ts'], {
          env: { ...env, DELTALAB_LOG_LEVEL: 'info', DELTALAB_WORKER_CONCURRENCY: String(CONCURRENCY) },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        const onData = (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('"worker.started"')) {
            worker.stdout!.off('data', onData);
            worker.stdout!.resume(); // keep draining its per-grading log lines
            resolve(worker);
          }
        };
        worker.stdout!.on('data', onData);
        worker.once('exit', (code) => reject(new Error(`a worker exited while starting (${code})`)));
      }),
    );
  }
  return Promise.all(started);
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

async function runPhase(bases: string[], cookies: string[], monitor: pg.Client, workers: number, roles: Record<string, number[]>): Promise<Phase> {
  const phase: Phase = { workers, graded: 0, window: 0, latencies: [], polls: 0, errors: new Map(), depth: [], cpu: '' };
  const started = Date.now();
  const measureFrom = started + WARMUP_MS;
  const stopAt = measureFrom + DURATION_MS;
  let cpuFrom: CpuSample | undefined;
  const sampler = setInterval(() => {
    if (Date.now() < measureFrom) return;
    cpuFrom ??= sampleCpu(roles, 'students');
    void monitor
      .query<{ n: number }>("select count(*)::int as n from submission where status in ('queued', 'grading')")
      .then((r) => phase.depth.push(r.rows[0]!.n))
      .catch(() => undefined);
  }, 1000);
  try {
    await Promise.all(
      cookies.map(async (cookie, i) => {
        const base = bases[i % 2]!;
        while (Date.now() < stopAt) {
          const t0 = performance.now();
          const inWindow = Date.now() >= measureFrom;
          try {
            const status = await submitAndWait(base, cookie, () => inWindow && phase.polls++);
            if (status !== 'passed') throw new Error(`verdict ${status}`);
            if (inWindow) {
              phase.latencies.push(performance.now() - t0);
              phase.graded++;
            }
          } catch (err) {
            if (inWindow) phase.errors.set((err as Error).message, (phase.errors.get((err as Error).message) ?? 0) + 1);
          }
          if (THINK_MS > 0) await sleep(THINK_MS * (0.5 + Math.random()));
        }
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  if (cpuFrom) phase.cpu = describeCpu(cpuFrom, sampleCpu(roles, 'students'), 'PostgreSQL and the rest');
  phase.window = (Date.now() - measureFrom) / 1000;
  return phase;
}

async function drain(monitor: pg.Client): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const r = await monitor.query<{ n: number }>("select count(*)::int as n from submission where status in ('queued', 'grading')");
    if (r.rows[0]!.n === 0) return;
    await sleep(100);
  }
}

async function signUp(base: string, i: number): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, 'x-forwarded-for': `10.78.${Math.floor(i / 250)}.${(i % 250) + 1}` },
    body: JSON.stringify({ name: `Student ${i + 1}`, email: `student${i + 1}-${randomUUID().slice(0, 8)}@bench.local`, password: 'bench-password-1', joinCode: JOIN_CODE }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Submit, then poll with backoff (as the browser does) until the verdict. */
async function submitAndWait(base: string, cookie: string, onPoll: () => void): Promise<string> {
  const res = await fetch(`${base}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ exerciseId: EXERCISE, code: solution, idempotencyKey: randomUUID() }),
  });
  if (res.status !== 200 && res.status !== 202) throw new Error(`HTTP ${res.status}`);
  let { submission } = (await res.json()) as { submission: { id: string; status: string; result: unknown } };
  let delay = 200;
  while (!submission.result) {
    onPoll();
    await sleep(delay);
    delay = Math.min(1_000, delay * 1.5);
    const poll = await fetch(`${base}/api/submissions/${submission.id}`, { headers: { cookie } });
    if (!poll.ok) throw new Error(`poll HTTP ${poll.status}`);
    submission = ((await poll.json()) as { submission: typeof submission }).submission;
  }
  return submission.status;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 900; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error('the server did not start');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

await main();
