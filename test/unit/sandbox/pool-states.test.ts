import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SandboxChild, type ChildHost } from '../../../grader/pool/child';
import type { Grading } from '../../../grader/pool/grading';
import { childEnv, findRoot, tsxLoader } from '../../../grader/pool/origin';
import { CHILD_ROLES, CHILD_STATES, IllegalTransitionError, transition, type ChildRole, type ChildState } from '../../../grader/pool/states';
import type { GradingResult } from '../../../grader/results';

const fakeChild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-child.ts');
const STATES = Object.keys(CHILD_STATES) as ChildState[];
const ROLES = Object.keys(CHILD_ROLES) as ChildRole[];

describe('the sandbox child state table', () => {
  it('allows exactly the moves it lists', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const listed = CHILD_STATES[from].includes(to);
        if (listed) expect(transition(CHILD_STATES, 'sandbox child', from, to)).toBe(to);
        else expect(() => transition(CHILD_STATES, 'sandbox child', from, to)).toThrow(IllegalTransitionError);
      }
    }
  });

  it.each([
    ['starting', 'assigned'], // a grading for a child that never said ready
    ['idle', 'grading'], // a budget without a grading
    ['stopping', 'idle'], // a killed child cannot come back
    ['exited', 'stopping'],
    ['grading', 'assigned'],
  ] as [ChildState, ChildState][])('refuses %s → %s, naming both states', (from, to) => {
    let thrown: unknown;
    try {
      transition(CHILD_STATES, 'sandbox child', from, to);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect(thrown).toMatchObject({ from, to, message: `Illegal sandbox child transition: ${from} → ${to}` });
  });

  it('ends every path in exited, which has no way out', () => {
    expect(CHILD_STATES.exited).toEqual([]);
    for (const from of STATES) if (from !== 'exited') expect(CHILD_STATES[from]).toContain('exited');
  });

  it('lets roles move only forward: spare → working → retiring', () => {
    const allowed = ROLES.flatMap((from) => ROLES.filter((to) => CHILD_ROLES[from].includes(to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['spare→working', 'working→retiring']);
    expect(() => transition(CHILD_ROLES, 'sandbox child role', 'retiring', 'working')).toThrow(/retiring → working/);
  });
});

/** A ChildHost that records what a child reports, and lets a test wait for one report. */
function recordingHost() {
  const events: string[] = [];
  const waiters: { name: string; resolve(): void }[] = [];
  const note = (name: string) => {
    events.push(name);
    for (const w of waiters.filter((w) => w.name === name)) w.resolve();
  };
  const results: GradingResult[] = [];
  const host: ChildHost = {
    childReady: () => note('ready'),
    gradingDone: (_c, _g, result, graded) => {
      results.push(result);
      note(graded ? 'graded' : 'verdict');
    },
    gradingStuck: () => note('stuck'),
    childLost: () => note('lost'),
    childExited: (_c, _code, _signal, killed) => note(killed ? 'exited (killed)' : 'exited'),
  };
  const next = (name: string) => (events.includes(name) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ name, resolve })));
  return { host, events, results, next };
}

function startChild(host: ChildHost): SandboxChild {
  const root = findRoot();
  return new SandboxChild(
    {
      module: fakeChild,
      root,
      env: childEnv(root) as NodeJS.ProcessEnv,
      execArgv: ['--import', tsxLoader(root)],
      role: 'working',
      startTimeoutMs: 120_000,
      memoryMb: 1024,
    },
    host,
  );
}

function grading(code: string): Grading {
  return {
    id: 1,
    job: { exerciseId: 'fake', code, mode: 'check', locale: 'en' },
    owner: '',
    cpuBudgetMs: 60_000,
    hard: false,
    retries: 0,
    resolve: () => undefined,
    reject: () => undefined,
  };
}

describe('a SandboxChild', { timeout: 120_000 }, () => {
  it('goes starting → idle → assigned → grading → idle → stopping → exited, and refuses what its state does not allow', async () => {
    const { host, events, results, next } = recordingHost();
    const child = startChild(host);
    try {
      expect(child.state).toBe('starting');
      expect(() => child.grade(grading('ok'))).toThrow(/starting → assigned/);
      await next('ready');
      expect(child.state).toBe('idle');
      expect(child.sendsBudgets).toBe(true);

      const g = grading('sleep:50');
      child.grade(g);
      expect(child.state).toBe('assigned');
      expect(child.current).toBe(g);
      expect(() => child.grade(grading('ok'))).toThrow(/assigned → assigned/);
      await next('graded');
      expect(results[0]).toMatchObject({ status: 'passed' });
      expect(child.state).toBe('idle');
      expect(child.current).toBeUndefined();
      expect(child.gradings).toBe(1);

      expect(() => child.promote()).toThrow(/working → working/);
      child.retire();
      expect(child.role).toBe('retiring');
      await child.kill();
      expect(child.state).toBe('exited');
      expect(events).toEqual(['ready', 'graded', 'exited (killed)']);
      expect(() => child.grade(grading('ok'))).toThrow(/exited → assigned/);
      await child.kill(); // a second kill of an exited child is harmless
    } finally {
      child.killNow();
    }
  });

  it('reports a child that dies while grading once: the verdict, then the exit', async () => {
    const { host, events, results, next } = recordingHost();
    const child = startChild(host);
    try {
      await next('ready');
      child.grade(grading('exit'));
      await next('exited');
      expect(events).toEqual(['ready', 'verdict', 'exited']);
      expect(results[0]).toMatchObject({ status: 'memory_limit' });
      expect(child.state).toBe('exited');
    } finally {
      child.killNow();
    }
  });

  it('kills a child that sends garbage and asks for a successor', async () => {
    const { host, events, results, next } = recordingHost();
    const child = startChild(host);
    try {
      await next('ready');
      child.grade(grading('garbage'));
      await next('exited (killed)');
      expect(events).toEqual(['ready', 'verdict', 'lost', 'exited (killed)']);
      expect(results[0]).toMatchObject({ status: 'runtime_error' });
    } finally {
      child.killNow();
    }
  });
});
