/**
 * npm run bench:live — live checks while typing (issue 16 §1), on the production build.
 *
 * For every exercise of sections 4.1–4.4 that has live examples, opens the page in Chromium, waits
 * for Monaco, focuses the editor (300 ms before the first key, as a click before typing), and makes
 * --edits edits (a space added at the end of the code, then removed: the code keeps compiling, and
 * its JavaScript changes, as sucrase keeps whitespace, so every edit is a real run). Each is timed
 * from the edit to the animation frame after the strip shows the result for that text (its
 * data-version equals the editor's version): debounce, type stripping, the worker run, the wait
 * for TypeScript's syntax check and React's render, all included. Prints p50/p95/max per exercise
 * and over all, and the extra JavaScript: the worker and sucrase (both loaded on first use only:
 * editor focus or first edit) and the strip + hook in the page bundle (minified, gzipped, React
 * excluded). Also where the time goes: the wait after the keystroke, the type stripping, the
 * worker's round trip, the further wait for TypeScript's syntax check, and the rest (React's
 * render, the frame).
 *
 * Options: --edits 20 --reuse-build (skip `next build` when a build exists).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadExercises } from '../lib/content/loader';

const { values: opts } = parseArgs({ options: { edits: { type: 'string', default: '20' }, 'reuse-build': { type: 'boolean', default: false } } });
const EDITS = Number(opts.edits);
/** Between the click into the editor and the first key (only the first edit, reported apart, feels it). */
const FOCUS_PAUSE_MS = 300;
const ROOT = process.cwd();
const require = createRequire(path.join(ROOT, 'package.json'));
const nextBin = require.resolve('next/dist/bin/next');

const PHASES = ['debounce', 'transpile', 'worker', 'syntax', 'rest'] as const;
type Phases = Record<(typeof PHASES)[number] | 'total', number>;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };
  spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/copy-monaco.ts'], { stdio: 'inherit', env });
  if (!(opts['reuse-build'] && existsSync(path.join(ROOT, '.next', 'BUILD_ID')))) {
    console.log('building the production site (next build)…');
    if (spawnSync(process.execPath, [nextBin, 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env }).status !== 0) throw new Error('next build failed');
  }
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-bench-live-'));
  const server = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
    env: { ...env, PORT: String(port), BETTER_AUTH_URL: base, DATABASE_PATH: path.join(dataDir, 'bench.sqlite'), DELTALAB_JOIN_CODE: 'BENCH-JOIN' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!executablePath) throw new Error('bench:live needs Chromium (CHROMIUM_PATH)');
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    await waitUntilUp(base);
    console.log(`server on ${base}; ${os.cpus().length} CPUs, Node ${process.version}; ${EDITS} edits per exercise`);
    const ids = loadExercises()
      .exercises.filter((e) => ['4.1', '4.2', '4.3', '4.4'].includes(e.section) && e.liveChecks)
      .map((e) => e.id);
    const all: number[] = [];
    const phases: Record<(typeof PHASES)[number], number[]> = { debounce: [], transpile: [], worker: [], syntax: [], rest: [] };
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    for (const id of ids) {
      const page = await context.newPage();
      await page.goto(`${base}/exercises/${id}`);
      if ((await page.locator('[data-testid="live-strip"]').count()) === 0) {
        console.log(`${id.padEnd(24)} (no live examples)`);
        await page.close();
        continue;
      }
      await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
      // A student clicks into the editor before typing: focus, then a short pause before the first key.
      await page.evaluate('window.monaco.editor.getEditors()[0].focus()');
      await page.waitForTimeout(FOCUS_PAUSE_MS);
      const times: number[] = [];
      for (let i = 0; i <= EDITS; i++) {
        // A string, not a function: tsx would wrap inner names in a helper the page lacks.
        const r = (await page.evaluate(`new Promise((resolve, reject) => {
          const ed = window.monaco.editor.getEditors()[0];
          const model = ed.getModel();
          const last = model.getLineCount();
          const end = model.getLineMaxColumn(last);
          const add = ${i % 2 === 0};
          const range = add ? new window.monaco.Range(last, end, last, end) : new window.monaco.Range(last, end - 1, last, end);
          performance.clearMeasures();
          const t0 = performance.now();
          ed.executeEdits('bench', [{ range, text: add ? ' ' : '' }]);
          const want = String(model.getVersionId());
          const strip = document.querySelector('[data-testid="live-strip"]');
          const give = setTimeout(() => reject(new Error('no strip update in 10 s')), 10000);
          const phase = (name) => performance.getEntriesByName(name, 'measure').reduce((a, e) => a + e.duration, 0);
          const done = () => requestAnimationFrame(() => {
            clearTimeout(give);
            const total = performance.now() - t0;
            const known = { debounce: phase('live:debounce'), transpile: phase('live:transpile'), worker: phase('live:worker'), syntax: phase('live:syntax') };
            resolve({ total, ...known, rest: total - known.debounce - known.transpile - known.worker - known.syntax });
          });
          const obs = new MutationObserver(() => {
            if (strip.getAttribute('data-version') === want && strip.getAttribute('data-state') !== 'running') { obs.disconnect(); done(); }
          });
          obs.observe(strip, { attributes: true });
        })`)) as Phases;
        const ms = r.total;
        if (i > 0) {
          times.push(ms);
          for (const k of PHASES) phases[k].push(r[k]);
        } // the first edit meets a worker and sucrase started by the focus 300 ms before, still cold: reported apart
        else console.log(`${id.padEnd(24)} first edit (300 ms after focus) ${ms.toFixed(0)} ms`);
      }
      const state = await page.locator('[data-testid="live-strip"]').getAttribute('data-state');
      all.push(...times);
      console.log(`${id.padEnd(24)} p50 ${pct(times, 50).toFixed(0)} ms  p95 ${pct(times, 95).toFixed(0)} ms  max ${Math.max(...times).toFixed(0)} ms  (strip: ${state})`);
      await page.close();
    }
    // Where the time goes: each phase's median and 95th percentile over all edits (from the
    // performance.measure() entries useLiveChecks leaves; "rest" is React's render and the frame).
    console.log(`\nphases over all edits: ${PHASES.map((k) => `${k} p50 ${pct(phases[k], 50).toFixed(0)} / p95 ${pct(phases[k], 95).toFixed(0)} ms`).join(', ')}`);
    // The slowest 5 % of edits (the ones the p95 is made of): what their time was spent on, on average.
    const cut = pct(all, 95);
    const slow = all.map((t, i) => ({ t, i })).filter((x) => x.t >= cut);
    const mean = (k: (typeof PHASES)[number]) => slow.reduce((a, x) => a + phases[k][x.i]!, 0) / slow.length;
    console.log(`the slowest ${slow.length} edits (≥ p95): ${PHASES.map((k) => `${k} ${mean(k).toFixed(0)}`).join(', ')} ms on average`);
    console.log(`all ${all.length} edits: p50 ${pct(all, 50).toFixed(0)} ms  p95 ${pct(all, 95).toFixed(0)} ms  max ${Math.max(...all).toFixed(0)} ms (target p95 ≤ 150 ms)`);
  } finally {
    await browser.close();
    server.kill();
  }

  const worker = readFileSync(path.join(ROOT, 'public', 'live', 'worker.js'));
  const bundle = async (contents: string, external: string[]) => {
    const out = await build({ stdin: { contents, resolveDir: path.join(ROOT, 'app', '_components', 'live'), loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm', jsx: 'automatic', external });
    return out.outputFiles[0]!.contents;
  };
  // Both exports, as the workbench imports them (one alone would let the other be tree-shaken);
  // sucrase is a chunk of its own (a dynamic import), counted apart.
  const stripBytes = await bundle("export { LiveStrip } from './LiveStrip'; export { useLiveChecks } from './useLiveChecks';", ['react', 'react/jsx-runtime', 'react-dom', 'sucrase']);
  const sucraseBytes = await bundle("export { transform } from 'sucrase';", []);
  const kb = (b: Uint8Array) => `${(b.length / 1024).toFixed(1)} kB (${(gzipSync(b).length / 1024).toFixed(1)} kB gzip)`;
  console.log(
    `extra JavaScript: on first use only (editor focus or first edit): worker ${kb(worker)}, sucrase ${kb(sucraseBytes)}; ` +
      `strip + hook in the page bundle ≈ ${kb(stripBytes)} minified`,
  );
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

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

await main();
