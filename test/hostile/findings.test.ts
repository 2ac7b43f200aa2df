import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { printable } from '../../grader/printable';
import { GradingResult } from '../../grader/results';
import { MAX_NESTING } from '../../grader/sandbox/transpile';
import { grade, SOLUTION } from './harness';

/**
 * One case per finding of the security review in issue 11 (F1, F2, F8–F12); each failed on the
 * main branch before the fix. Verdicts only: no test here asserts a duration.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'join-code-that-must-not-leak';

let pool: GraderPool;
beforeAll(async () => {
  process.env.DELTALAB_JOIN_CODE = SECRET;
  process.env.DELTALAB_DEMO_PASSWORD = SECRET;
  pool = createPool({ size: 2 });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
  delete process.env.DELTALAB_JOIN_CODE;
  delete process.env.DELTALAB_DEMO_PASSWORD;
});

describe('F1: work V8 cannot interrupt', () => {
  it('is stopped at its CPU limit by the pool, with its own verdict, and the pool grades on', async () => {
    const before = pool.stats().restarts;
    const r = await grade(pool, 'export function sigmoidPrime(x: number) { return Array.prototype.lastIndexOf.call({ length: 2 ** 40 }, 1); }');
    expect(r.status).toBe('timeout');
    // The per-call CPU limit of the exercise (1000 ms), not the old whole-grading 10 s deadline.
    expect(r.summary).toMatch(/longer than 1000 ms on one input, in work that could not be interrupted/);
    expect(pool.stats().restarts).toBe(before + 1);
    expect((await grade(pool, SOLUTION)).status).toBe('passed');
  });
});

describe('F2: memory outside the isolate limit', () => {
  it('(a) has no resizable ArrayBuffer to grow past the limit', async () => {
    const code = [
      'export function sigmoidPrime(x: number) {',
      '  const B: any = new Uint8Array(1).buffer.constructor;',
      '  const b = new B(8, { maxByteLength: 2 ** 31 });',
      '  b.resize(2 ** 30);',
      '  new Uint8Array(b).fill(1);',
      '  return 0.25;',
      '}',
    ].join('\n');
    const r = await grade(pool, code);
    expect(r.status).toBe('runtime_error');
    expect(r.checks[0]?.message).toMatch(/resize is not a function/);
  });

  it('(b) refuses deeply nested source before esbuild sees it', async () => {
    const depth = 20_000;
    const code = `export const sigmoidPrime = (x: number) => 0.25;\nconst o = ${'{'.repeat(depth)}${'}'.repeat(depth)};\n`;
    const r = await grade(pool, code);
    expect(r.status).toBe('compile_error');
    expect(r.compileErrors[0]?.message).toContain(`more than ${MAX_NESTING} levels`);
  });
});

describe('F8: the pool follows the exercise budget', () => {
  it('does not stop a grading at a pool-wide default shorter than the exercise allows', async () => {
    // A default of 1 s of CPU time, below sigmoid-prime's budget (totalTimeMs 5000): the child
    // reports the exercise's own budget and the pool holds to that. About 51 calls × 40 ms.
    const small = createPool({ size: 1, spares: 0, deadlineMs: 1_000 });
    try {
      await small.ready();
      const slow = SOLUTION.replace(/export function sigmoidPrime\(x: number\): number \{/, '$&\n  let spin = 0;\n  for (let i = 0; i < 3e7; i++) spin += i;\n  if (spin < 0) return spin;');
      expect(slow).not.toBe(SOLUTION);
      const r = await small.grade({ exerciseId: 'sigmoid-prime', code: slow, mode: 'submit' });
      expect(r.summary).toMatch(/passed/);
      expect(r.status).toBe('passed');
    } finally {
      await small.close();
    }
  });
});

describe('F9: a memory verdict comes only from the engine', () => {
  it('treats a thrown look-alike of the engine message as a runtime error', async () => {
    const r = await grade(pool, "export function sigmoidPrime(x: number) { throw new RangeError('Array buffer allocation failed'); }");
    expect(r.status).toBe('runtime_error');
  });

  it('still says memory_limit when the engine refuses a buffer', async () => {
    const r = await grade(pool, 'export function sigmoidPrime(x: number) { return new Float64Array(2 ** 27)[0]; }');
    expect(r.status).toBe('memory_limit');
  });
});

describe('F10: learner output in the CLI report', () => {
  it('keeps terminal escapes visible instead of obeying them', () => {
    const evil = '\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\r\x1b[32m✓ all checks passed\x1b[0m\u202e';
    const shown = printable(`console:\n  ${evil}\n`);
    // eslint-disable-next-line no-control-regex
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(shown).toContain('\\u001b]52;c;');
    expect(shown).toContain('✓ all checks passed');
    expect(shown.split('\n')).toHaveLength(3);
  });

  it('in the report `npm run grade` prints', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-f10-'));
    const file = path.join(dir, 'evil.ts');
    await import('node:fs').then((fs) =>
      fs.writeFileSync(file, 'export function sigmoidPrime(x: number) { console.log("\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\rdone"); return 0.25; }\n'),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'grader/cli.ts'), 'sigmoid-prime', file], { cwd: root });
    expect(stdout).toContain('\\u001b]52;c;ZXZpbA==');
    expect(stdout).not.toContain('\x1b');
    expect(stdout).not.toContain('\r');
  });
});

describe('F11: sandbox children hold no secrets and no privileges', () => {
  const children = (): number[] =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('child.ts');
        } catch {
          return false;
        }
      });

  it.runIf(process.platform === 'linux')('get an allow-listed environment', () => {
    const pids = children();
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(env.filter((e) => e.includes(SECRET))).toEqual([]);
      expect(env.filter((e) => /^(DELTALAB_JOIN_CODE|DELTALAB_DEMO_PASSWORD|BETTER_AUTH_SECRET|DATABASE_URL)=/.test(e))).toEqual([]);
    }
  });

  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)('run as an unprivileged user when the server is root', () => {
    for (const pid of children()) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      const groups = /^Groups:\s*(.*)$/m.exec(status)?.[1]?.trim() ?? '';
      expect(uid).not.toBe(0);
      expect(groups.split(/\s+/)).not.toContain('0');
    }
  });

  it('the data directory is created closed to other users', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'deltalab-f11-')), 'data');
    const { openConnection } = await import('../../lib/db/connection');
    const conn = await openConnection({ kind: 'sqlite', path: path.join(dir, 'deltalab.sqlite') });
    await conn.db.destroy();
    expect(statSync(dir).mode & 0o077).toBe(0);
  });
});

describe('F12: the result encoder', () => {
  it('reads a Proxy with a fractional array length as a wrong answer, not unreadable JSON', async () => {
    const code = [
      'export function sigmoidPrime(x: number) {',
      '  return new Proxy([0.25, 0.25], {',
      "    getOwnPropertyDescriptor(t, k) { return k === 'length' ? { value: 1.5, writable: true, enumerable: false, configurable: false } : Reflect.getOwnPropertyDescriptor(t, k); },",
      '  });',
      '}',
    ].join('\n');
    const r = await grade(pool, code);
    expect(GradingResult.safeParse(r).success).toBe(true);
    expect(r.status).toBe('failed');
    expect(r.checks[0]?.message).not.toMatch(/could not be read/);
  });
});
