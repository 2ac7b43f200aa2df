import { createRequire } from 'node:module';
import type IsolatedVM from 'isolated-vm';

/**
 * The sandbox engine, isolated-vm, in the build this Node.js can run. isolated-vm 5.0.4 is the
 * last release for Node.js 20 (it also runs on 22) and does not compile for Node.js 24; 7.x is
 * built for 24 and not for 20. package.json lists both as optional dependencies — npm keeps
 * whichever builds — and this picks the first that loads. Only sandbox child processes and the
 * post-install check (scripts/check-sandbox-engine.ts) load it.
 */
const require = createRequire(import.meta.url);
const CANDIDATES = ['isolated-vm', 'isolated-vm-7'];

export interface Engine {
  ivm: typeof IsolatedVM;
  /** The package it came from, as installed. */
  name: string;
  version: string;
}

let loaded: Engine | undefined;

/** The first build that loads; throws, naming each build's problem, when none does. */
export function loadEngine(): Engine {
  if (loaded) return loaded;
  const problems: string[] = [];
  for (const name of CANDIDATES) {
    try {
      const ivm = require(name) as typeof IsolatedVM;
      const { version } = require(`${name}/package.json`) as { version: string };
      loaded = { ivm, name, version };
      return loaded;
    } catch (err) {
      problems.push(`${name}: ${String((err as Error).message).split('\n')[0]}`);
    }
  }
  throw new Error(`No build of isolated-vm loads in Node.js ${process.versions.node} (${problems.join('; ')}). Run npm install with this Node.js (20, 22 or 24) and a C++ toolchain.`);
}
