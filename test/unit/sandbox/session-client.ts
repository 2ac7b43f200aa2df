import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Opaque, type OpaqueKind } from '../../../grader/sandbox/wire';
import type { Scenario, ScenarioResult } from './session-runner';

export type { Scenario, ScenarioResult };

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** A session-runner process; `run` sends it one scenario at a time (they queue). */
export interface Runner {
  run(s: Scenario): Promise<ScenarioResult>;
  close(): Promise<void>;
}

export async function startRunner(): Promise<Runner> {
  const tsx = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href;
  const proc: ChildProcess = fork(path.join(here, 'session-runner.ts'), [], {
    cwd: root,
    execArgv: ['--no-node-snapshot', '--import', tsx],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(r: ScenarioResult): void; reject(e: Error): void }>();
  let next = 1;
  await new Promise<void>((resolve, reject) => {
    proc.once('message', () => resolve());
    proc.once('exit', (code) => reject(new Error(`session runner exited with ${code}`)));
  });
  proc.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(msg.error));
    else w.resolve(revive(msg.result) as ScenarioResult);
  });
  proc.on('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`session runner died (${code ?? signal})`));
    waiting.clear();
  });
  return {
    run(scenario) {
      return new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        proc.send({ id, scenario });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      });
    },
  };
}

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['@opaque'] === 'string') return new Opaque(o['@opaque'] as OpaqueKind, String(o.detail ?? ''));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) Object.defineProperty(out, k, { value: revive(o[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
