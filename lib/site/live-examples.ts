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
 * that imports the grader, so it is evaluated in a short-lived child process (tsx): for every
 * exercise at once when the server starts (warmLiveExamples), again for one exercise whose content
 * changed since. Only example checks leave that process (grader/harness/examples.ts).
 */

type Computed = Record<string, LiveExamples | { error: string }>;
let all: Promise<Computed> | null = null;
const single = new Map<string, Promise<Computed>>();

/** Starts preparing every exercise's examples (at server start), so no page waits for it. */
export function warmLiveExamples(): void {
  all ??= compute([]);
}

export async function getLiveExamples(id: string): Promise<LiveExamples | null> {
  const exercise = getCatalog().byId.get(id);
  if (!exercise || !exercise.liveChecks) return null;
  warmLiveExamples();
  let found = (await all!)[id];
  if (!found || ('version' in found && found.version !== exercise.version)) {
    // Edited since the server started (or added): computed for this version alone.
    const key = `${id}@${exercise.version}`;
    let p = single.get(key);
    if (!p) single.set(key, (p = compute([id])));
    found = (await p)[id];
  }
  if (!found || 'error' in found) {
    if (found) console.error(`[live-examples] ${id}: ${found.error}`);
    return null;
  }
  return found.checks.length > 0 ? found : null;
}

function compute(ids: string[]): Promise<Computed> {
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
      ['--import', loader, path.join(/*turbopackIgnore: true*/ root, 'scripts', 'live-examples.ts'), ...ids],
      { cwd: root, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...(process.env.DELTALAB_EXERCISES_DIR ? { DELTALAB_EXERCISES_DIR: process.env.DELTALAB_EXERCISES_DIR } : {}) } },
      (err, stdout) => {
        if (err) {
          console.error(`[live-examples] ${err.message}`);
          return resolve({});
        }
        try {
          resolve(JSON.parse(stdout) as Computed);
        } catch {
          resolve({});
        }
      },
    );
  });
}
