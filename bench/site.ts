/**
 * npm run bench:site — 20 simulated students submitting `mlp-backward` solutions to the production
 * build on localhost, measured from "Submit" to feedback (one POST, plus polling when the server
 * answers 202), with real accounts created through the sign-up endpoint.
 *
 * Each simulated student submits, reads the feedback for about a second (--think, mean ms,
 * uniformly ±50%), and submits again: 20 students clicking Submit about once a second each, far
 * more often than a class does. --think 0 is a closed loop that measures saturation instead.
 *
 * Options: --students 20 --duration 30 (seconds measured) --warmup 5 --think 1000
 * --reuse-build (skip `next build` when a build exists) --no-browser, --pages-only (only the
 * browser figures, no submissions).
 * Prints p50/p95/p99 latency, throughput and errors; then, when Chromium is there, the gzipped
 * JavaScript of the home, exercise (before the editor) and quiz pages, and on the exercise page the
 * times to readable, editable code and to Monaco, p50/p95.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: opts } = parseArgs({
  options: {
    students: { type: 'string', default: '20' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    think: { type: 'string', default: '1000' },
    exercise: { type: 'string', default: 'mlp-backward' },
    'reuse-build': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'pages-only': { type: 'boolean', default: false },
  },
});
const STUDENTS = Number(opts.students);
const DURATION_MS = Number(opts.duration) * 1000;
const WARMUP_MS = Number(opts.warmup) * 1000;
const THINK_MS = Number(opts.think);
const EXERCISE = opts.exercise!;
const ROOT = process.cwd();
const JOIN_CODE = 'BENCH-JOIN';
const require = createRequire(path.join(ROOT, 'package.json'));
const nextBin = require.resolve('next/dist/bin/next');
/**
 * The load generator stands for many students on one machine: it is the server's trusted proxy
 * (each simulated student sends its own X-Forwarded-For), and the per-student rate limits, made
 * for people, are lifted so the benchmark measures the grader, not the limiter.
 */
const BENCH_LIMITS = { DELTALAB_TRUSTED_PROXIES: '127.0.0.1,::1', DELTALAB_SUBMIT_PER_MINUTE: '100000', DELTALAB_CHECK_PER_MINUTE: '100000' };
const solution = readFileSync(findSolution(EXERCISE), 'utf8');

function findSolution(id: string): string {
  for (const section of readdirSafe(path.join(ROOT, 'exercises'))) {
    const file = path.join(ROOT, 'exercises', section, id, '.meta', 'solution.ts');
    if (existsSync(file)) return file;
  }
  throw new Error(`no solution for ${id}`);
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
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

  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-bench-'));
  const server = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
    env: { ...env, ...BENCH_LIMITS, PORT: String(port), BETTER_AUTH_URL: base, DATABASE_PATH: path.join(dataDir, 'bench.sqlite'), DELTALAB_JOIN_CODE: JOIN_CODE },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilUp(base, server);
    console.log(`server on ${base}; ${os.cpus().length} CPUs, Node ${process.version}`);

    if (opts['pages-only']) {
      await browserFigures(base);
      return;
    }
    // Real accounts through the app. Each simulated student comes from its own address, as 20
    // students on 20 machines would (sign-up is rate-limited per address).
    const cookies: string[] = [];
    for (let i = 0; i < STUDENTS; i++) cookies.push(await signUp(base, i));
    console.log(`${STUDENTS} students signed up`);

    const stats = { latencies: [] as number[], graderMs: [] as number[], authMs: [] as number[], submitMs: [] as number[], errors: new Map<string, number>(), polled: 0 };
    const countError = (key: string) => stats.errors.set(key, (stats.errors.get(key) ?? 0) + 1);
    const started = Date.now();
    const measureFrom = started + WARMUP_MS;
    const stopAt = measureFrom + DURATION_MS;

    await Promise.all(
      cookies.map(async (cookie) => {
        while (Date.now() < stopAt) {
          const t0 = performance.now();
          const inWindow = Date.now() >= measureFrom;
          try {
            const verdict = await submitAndWait(base, cookie, () => inWindow && stats.polled++);
            const ms = performance.now() - t0;
            if (verdict.status !== 'passed') countError(`verdict ${verdict.status}`);
            else if (inWindow) {
              stats.latencies.push(ms);
              if (process.env.BENCH_TRACE) appendFileSync(process.env.BENCH_TRACE, `${Date.now() - measureFrom} ${ms.toFixed(1)} ${verdict.timeMs} ${verdict.submit}\n`);
              stats.graderMs.push(verdict.timeMs);
              if (verdict.auth !== undefined) stats.authMs.push(verdict.auth);
              if (verdict.submit !== undefined) stats.submitMs.push(verdict.submit);
            }
          } catch (err) {
            if (inWindow) countError((err as Error).message);
          }
          if (THINK_MS > 0) await sleep(THINK_MS * (0.5 + Math.random()));
        }
      }),
    );
    const window = (Date.now() - measureFrom) / 1000;

    const sorted = [...stats.latencies].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
    const errors = [...stats.errors.values()].reduce((a, b) => a + b, 0);
    console.log('');
    console.log(`bench:site — ${STUDENTS} students submitting ${EXERCISE}, ${(window).toFixed(1)} s measured after ${WARMUP_MS / 1000} s warm-up, think time ${THINK_MS} ms`);
    console.log(`  submissions      ${sorted.length} graded (${stats.polled} needed polling)`);
    console.log(`  latency  p50     ${q(0.5).toFixed(1)} ms`);
    console.log(`           p95     ${q(0.95).toFixed(1)} ms`);
    console.log(`           p99     ${q(0.99).toFixed(1)} ms`);
    console.log(`           max     ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    console.log(`  server side      p50 auth ${median(stats.authMs).toFixed(1)} ms, record+grade+store ${median(stats.submitMs).toFixed(1)} ms, of which grading in the sandbox ${median(stats.graderMs).toFixed(1)} ms`);
    console.log(`  throughput       ${(sorted.length / window).toFixed(1)} submissions/s`);
    console.log(`  errors           ${errors}${errors ? ` (${[...stats.errors].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`);
    console.log(`  targets          p50 ≤ 50 ms: ${q(0.5) <= 50 ? 'met' : 'MISSED'}; p95 ≤ 150 ms: ${q(0.95) <= 150 ? 'met' : 'MISSED'}; no errors: ${errors === 0 ? 'met' : 'MISSED'}`);

    if (!opts['no-browser']) await browserFigures(base);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function signUp(base: string, i: number): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, 'x-forwarded-for': `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}` },
    body: JSON.stringify({ name: `Student ${i + 1}`, email: `student${i + 1}-${randomUUID().slice(0, 8)}@bench.local`, password: 'bench-password-1', joinCode: JOIN_CODE }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function submitAndWait(base: string, cookie: string, onPoll: () => void): Promise<{ status: string; timeMs: number; auth?: number; submit?: number }> {
  const res = await fetch(`${base}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ exerciseId: EXERCISE, code: solution, idempotencyKey: randomUUID() }),
  });
  if (res.status !== 200 && res.status !== 202) throw new Error(`HTTP ${res.status}`);
  const timing = Object.fromEntries(
    (res.headers.get('server-timing') ?? '').split(',').map((part) => {
      const [name, dur] = part.trim().split(';dur=');
      return [name, Number(dur)];
    }),
  ) as { auth?: number; submit?: number };
  let { submission } = (await res.json()) as { submission: { id: string; status: string; result: { timeMs: number } | null } };
  let delay = 50;
  while (!submission.result) {
    onPoll();
    await sleep(delay);
    delay = Math.min(500, delay * 2);
    const poll = await fetch(`${base}/api/submissions/${submission.id}`, { headers: { cookie } });
    if (!poll.ok) throw new Error(`poll HTTP ${poll.status}`);
    submission = ((await poll.json()) as { submission: typeof submission }).submission;
  }
  return { status: submission.status, timeMs: submission.result.timeMs, auth: timing.auth, submit: timing.submit };
}

/**
 * The pages in Chromium. JavaScript: the gzipped size of every script the browser fetched (Monaco's
 * own files aside) for the home page, the exercise page up to the moment its code is live, and a
 * quiz page. Times on the exercise page, over several loads (the first with a cold cache):
 *   code readable  the server-rendered code is painted (it is a plain editable field: typing works
 *                  from here, and what is typed is kept),
 *   code live      the page's scripts run: Check and Submit work on the code on screen,
 *   Monaco ready   Monaco has taken the code over.
 */
async function browserFigures(base: string): Promise<void> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!executablePath) {
    console.log('\n(no Chromium: set CHROMIUM_PATH to also measure the pages)');
    return;
  }
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const cookie = await signUp(base, 900);
    await context.addCookies(
      cookie.split('; ').map((c) => {
        const [name, ...rest] = c.split('=');
        return { name: name!, value: rest.join('='), url: base };
      }),
    );
    // When the plain code field is first painted: noted by the page itself, from its first byte.
    // (A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.)
    await context.addInitScript(`(() => {
      const look = () => {
        if (document.querySelector('textarea.code-plain')) requestAnimationFrame(() => { window.__codePainted ??= performance.now(); });
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    })();`);

    const gz = async (urls: string[]) => {
      let bytes = 0;
      for (const url of new Set(urls)) bytes += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
      return bytes / 1024;
    };
    const pageScripts = async (url: string, until: (page: import('playwright-core').Page) => Promise<unknown>) => {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script' && r.url().startsWith(base) && !r.url().includes('/monaco/')) scripts.push(r.url());
      });
      await page.goto(url);
      await until(page);
      const before = [...scripts];
      await page.close();
      return gz(before);
    };

    const quizId = firstQuizId();
    const runs: { kb: number; ttfb: number; fcp: number; painted: number; live: number; monaco: number }[] = [];
    const LOADS = 12;
    for (let run = 0; run < LOADS; run++) {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script' && r.url().startsWith(base) && !r.url().includes('/monaco/')) scripts.push(r.url());
      });
      await page.goto(`${base}/exercises/${EXERCISE}`);
      await page.waitForFunction(() => performance.getEntriesByName('deltalab:code-editable').length > 0, null, { timeout: 60_000 });
      const beforeEditor = [...scripts];
      await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
      const t = await page.evaluate(() => ({
        ttfb: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? NaN,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        painted: (window as unknown as { __codePainted?: number }).__codePainted ?? NaN,
        live: performance.getEntriesByName('deltalab:code-editable')[0]?.startTime ?? NaN,
        monaco: performance.getEntriesByName('deltalab:editor-ready')[0]?.startTime ?? NaN,
      }));
      runs.push({ kb: run === 0 ? await gz(beforeEditor) : NaN, ...t });
      await page.close();
    }
    const homeKb = await pageScripts(`${base}/`, (p) => p.waitForLoadState('networkidle'));
    const quizKb = quizId ? await pageScripts(`${base}/quizzes/${quizId}`, (p) => p.waitForLoadState('networkidle')) : NaN;

    const pct = (xs: number[], p: number) => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
    };
    const row = (label: string, xs: number[]) => `  ${label.padEnd(36)}p50 ${Math.round(pct(xs, 0.5))} ms, p95 ${Math.round(pct(xs, 0.95))} ms  (${xs.map((x) => Math.round(x)).join(', ')})`;
    const exerciseKb = runs[0]!.kb;
    console.log('');
    console.log(`pages in Chromium (1366×768), JavaScript gzipped, Monaco's own files aside:`);
    console.log(`  home /                               ${homeKb.toFixed(1)} kB`);
    console.log(`  exercise /exercises/${EXERCISE} (before the editor)  ${exerciseKb.toFixed(1)} kB (budget ≤ 150 kB: ${exerciseKb <= 150 ? 'met' : 'MISSED'})`);
    console.log(`  quiz /quizzes/${quizId ?? '—'}  ${quizKb.toFixed(1)} kB (budget ≤ 180 kB: ${quizKb <= 180 ? 'met' : 'MISSED'})`);
    console.log(`exercise page, ${LOADS} loads (the first with a cold cache), from navigation start:`);
    console.log(row('first byte of the page (server)', runs.map((r) => r.ttfb)));
    console.log(row('first contentful paint', runs.map((r) => r.fcp)));
    console.log(row('code readable and editable (painted)', runs.map((r) => r.painted)));
    console.log(row('code live (Check/Submit work)', runs.map((r) => r.live)));
    console.log(row('Monaco ready', runs.map((r) => r.monaco)));
    console.log(`  target p50 ≤ 1000 ms to code the student can read and type into: ${pct(runs.map((r) => r.painted), 0.5) <= 1000 ? 'met' : 'MISSED'} (painted: typing works from there and is kept)`);
  } finally {
    await browser.close();
  }
}

/** A quiz to weigh: the first quiz.yaml under exercises/. */
function firstQuizId(): string | undefined {
  for (const section of readdirSafe(path.join(ROOT, 'exercises')).sort()) {
    for (const dir of readdirSafe(path.join(ROOT, 'exercises', section)).sort()) {
      if (existsSync(path.join(ROOT, 'exercises', section, dir, 'quiz.yaml'))) {
        const m = /^id:\s*['"]?([\w-]+)/m.exec(readFileSync(path.join(ROOT, 'exercises', section, dir, 'quiz.yaml'), 'utf8'));
        return m?.[1] ?? dir;
      }
    }
  }
  return undefined;
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
  for (let i = 0; i < 600; i++) {
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
