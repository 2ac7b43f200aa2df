import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where sandbox children come from: the repository root, the loader, their environment and user. */

/**
 * The repository root: DELTALAB_ROOT when set (the web server bundles this file, so its own URL
 * says nothing), else three levels up from this file, else the working directory.
 */
export function findRoot(): string {
  const candidates: (string | undefined)[] = [process.env.DELTALAB_ROOT, rootFromUrl(), process.cwd()];
  for (const c of candidates) {
    // Run-time locations, not files of the web build: keep the bundler from tracing them.
    if (c && existsSync(path.join(/*turbopackIgnore: true*/ c, 'grader', 'sandbox', 'child.ts'))) return path.resolve(/*turbopackIgnore: true*/ c);
  }
  throw new Error('Cannot find grader/sandbox/child.ts; set DELTALAB_ROOT to the repository root.');
}

function rootFromUrl(): string | undefined {
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  } catch {
    return undefined;
  }
}

/** tsx's loader by absolute URL, so it resolves whatever the working directory. */
export function tsxLoader(root: string): string {
  try {
    return pathToFileURL(createRequire(path.join(/*turbopackIgnore: true*/ root, 'package.json')).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

/**
 * The child's environment, an explicit allow-list: locale, time zone, PATH and the few settings a
 * child reads. Nothing else of the server's environment (DELTALAB_JOIN_CODE, BETTER_AUTH_SECRET,
 * DATABASE_URL, …) ever sits in a process that runs learner code; loader and test-runner options of
 * the parent are dropped.
 */
const ENV_KEEP = /^(PATH|LANG|LANGUAGE|LC_[A-Z_]+|TZ|NODE_ENV|TMPDIR|TMP|TEMP|SYSTEMROOT|COMSPEC|PATHEXT|TSX_TSCONFIG_PATH|DELTALAB_GRADER_PRELOAD|DELTALAB_EXERCISES_DIR|DELTALAB_DEBUG_CPU|DELTALAB_FAKE_CHILD_STARTUP)$/;

export function childEnv(root: string, dropped = false, source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (ENV_KEEP.test(k) && v !== undefined) env[k] = v;
  env.DELTALAB_ROOT = root;
  // An unprivileged child cannot write the server's home; tsx keeps its cache under the temp dir.
  env.HOME = dropped ? os.tmpdir() : (source.HOME ?? os.tmpdir());
  const nodeOptions = sanitizeNodeOptions(source.NODE_OPTIONS ?? '');
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  return env;
}

/**
 * The user sandbox children run as. When the server runs as root, children drop to an unprivileged
 * user (DELTALAB_GRADER_USER, default `nobody`): they cannot read the database file, the data
 * directory (created 0700) or anything else only root may read. Otherwise children run as the
 * server's own user; run the server as a dedicated user then (see README, Security).
 */
export function sandboxIdentity(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = process.env.DELTALAB_GRADER_USER ?? 'nobody';
  if (name === 'root') return undefined;
  const found = lookupUser(name);
  if (!found) {
    process.stderr.write(`[grader pool] running as root but user ${JSON.stringify(name)} does not exist: sandbox children keep root's privileges. Set DELTALAB_GRADER_USER.\n`);
    return undefined;
  }
  warnIfDataReadable();
  return found;
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  if (/^\d+$/.test(name)) return { uid: Number(name), gid: Number(name) };
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no passwd file: no such user
  }
  return undefined;
}

function warnIfDataReadable(): void {
  const dir = process.env.DELTALAB_DATA_DIR ?? path.join(process.cwd(), 'data');
  try {
    if ((statSync(dir).mode & 0o007) !== 0) {
      process.stderr.write(`[grader pool] ${dir} is open to other users; sandbox children could read it. Run: chmod 700 ${dir}\n`);
    }
  } catch {
    // not there yet: it is created 0700
  }
}

const DROP_WITH_VALUE = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader', '--conditions', '-C']);

function sanitizeNodeOptions(options: string): string {
  const tokens = options.split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (DROP_WITH_VALUE.has(t)) {
      i++;
      continue;
    }
    const flag = t.split('=')[0]!;
    if (DROP_WITH_VALUE.has(flag) || /^--(inspect|test|watch|experimental-vm-modules|no-node-snapshot)/.test(flag)) continue;
    kept.push(t);
  }
  return kept.join(' ');
}
