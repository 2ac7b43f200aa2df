import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Before the browser tests: find Chromium, build the production site (`next build`), start it
 * with `next start` on a free port and a fresh SQLite file, and wait until it answers. Without a
 * browser the tests are skipped with a loud notice, except under CI=true, where that is a failure.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    chromium: string;
    joinCode: string;
    artifacts: string;
    /** The server's SQLite file (tests seed what has no page, e.g. an LMS registration). */
    databasePath: string;
    /** The origins the build lets frame deltalab (an LMS's course page; test/e2e/lti-*.test.ts). */
    ltiFrameAncestors: string;
  }
}

const ROOT = process.cwd();
const ARTIFACTS = path.join(ROOT, 'test-results', 'e2e');
const JOIN_CODE = 'E2E-JOIN';
// The test LMS serves its course page from 127.0.0.1 and deltalab runs on localhost: another site,
// so the embedded launch meets third-party cookie rules as it would under a real LMS.
const LTI_FRAME_ANCESTORS = 'http://127.0.0.1:*';
let server: ChildProcess | undefined;
let dataDir: string | undefined;

export function findChromium(): string | undefined {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(ARTIFACTS, { recursive: true });
  project.provide('artifacts', ARTIFACTS);
  const chromium = findChromium();
  if (!chromium) {
    const banner = '!'.repeat(78);
    const message = 'NO CHROMIUM FOUND: set CHROMIUM_PATH or `apt-get install -y chromium`.';
    if (process.env.CI === 'true') throw new Error(`${message} Browser tests cannot be skipped under CI=true.`);
    console.warn(`\n${banner}\n!! ${message}\n!! The browser tests are SKIPPED.\n${banner}\n`);
    project.provide('chromium', '');
    project.provide('baseURL', '');
    project.provide('joinCode', JOIN_CODE);
    project.provide('databasePath', '');
    project.provide('ltiFrameAncestors', '');
    return async () => undefined;
  }
  project.provide('chromium', chromium);
  project.provide('joinCode', JOIN_CODE);

  const require = createRequire(path.join(ROOT, 'package.json'));
  const nextBin = require.resolve('next/dist/bin/next');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DELTALAB_LTI_FRAME_ANCESTORS: LTI_FRAME_ANCESTORS };
  project.provide('ltiFrameAncestors', LTI_FRAME_ANCESTORS);
  run([require.resolve('tsx/cli'), 'scripts/copy-monaco.ts'], env, 'copy-monaco');
  if (process.env.E2E_REUSE_BUILD === '1' && existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.log('[e2e] reusing the existing production build (E2E_REUSE_BUILD=1)');
  } else {
    console.log('[e2e] building the production site (next build)…');
    run([nextBin, 'build'], { ...env, NODE_ENV: 'production' }, 'build');
  }

  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-e2e-'));
  const databasePath = path.join(dataDir, 'e2e.sqlite');
  project.provide('databasePath', databasePath);
  const log = openSync(path.join(ARTIFACTS, 'server.log'), 'w');
  server = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      BETTER_AUTH_URL: baseURL,
      DATABASE_PATH: databasePath,
      // An unknown kid refreshes the platform's JWKS at once (the refusal test counts one refresh).
      DELTALAB_LTI_JWKS_COOLDOWN_MS: '0',
      DELTALAB_JOIN_CODE: JOIN_CODE,
      DELTALAB_GRADER_POOL_SIZE: '2',
    },
    stdio: ['ignore', log, log],
  });
  await waitUntilUp(baseURL, 60_000);
  project.provide('baseURL', baseURL);
  console.log(`[e2e] production server on ${baseURL} (log: test-results/e2e/server.log)`);

  return async () => {
    await stop(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

function run(args: string[], env: NodeJS.ProcessEnv, name: string): void {
  const logFile = path.join(ARTIFACTS, `${name}.log`);
  const out = openSync(logFile, 'w');
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
  if (result.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${name} failed (exit ${result.status}):\n${tail}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitUntilUp(url: string, timeoutMs: number, child: ChildProcess | undefined = server): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`the server exited with ${child.exitCode}; see its log in test-results/e2e`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer within ${timeoutMs} ms`);
}

export function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
