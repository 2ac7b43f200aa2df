import 'server-only';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getCatalog, repoRoot } from '../content/loader';
import type { LiveExamples } from '../live/types';

/**
 * The example checks the exercise page sends to the browser for live checks, or null when the
 * author turned them off (`liveChecks: false`) or they cannot be prepared. checks.ts is TypeScript
 * that imports the grader, so it is evaluated in a short-lived child process (tsx), once per
 * exercise version, and the JSON kept in memory. Only example checks leave that process
 * (grader/harness/examples.ts).
 */

const cache = new Map<string, Promise<LiveExamples | null>>();

export function getLiveExamples(id: string): Promise<LiveExamples | null> {
  const exercise = getCatalog().byId.get(id);
  if (!exercise || !exercise.liveChecks) return Promise.resolve(null);
  const key = `${exercise.id}@${exercise.version}`;
  let p = cache.get(key);
  if (!p) {
    p = compute(exercise.id);
    cache.set(key, p);
  }
  return p;
}

function compute(id: string): Promise<LiveExamples | null> {
  const root = repoRoot();
  let loader = 'tsx';
  try {
    loader = pathToFileURL(createRequire(path.join(/*turbopackIgnore: true*/ root, 'package.json')).resolve('tsx')).href;
  } catch {
    // the bare specifier resolves from the working directory
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', loader, path.join(/*turbopackIgnore: true*/ root, 'scripts', 'live-examples.ts'), id],
      { cwd: root, timeout: 30_000, maxBuffer: 4 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } },
      (err, stdout) => {
        if (err) {
          console.error(`[live-examples] ${id}: ${err.message}`);
          return resolve(null);
        }
        try {
          const examples = JSON.parse(stdout) as LiveExamples;
          resolve(examples.checks.length > 0 ? examples : null);
        } catch {
          resolve(null);
        }
      },
    );
  });
}
