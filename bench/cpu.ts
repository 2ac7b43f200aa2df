import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Where a benchmark's CPU went, from /proc (Linux): the busy time of whole process trees
 * (a web server with its sandbox children, a worker with its pool), and of the machine.
 * A process's cutime/cstime already hold its exited children, so recycled sandboxes count too.
 * Elsewhere than Linux every reading is zero and the report says so.
 */
const TICKS = 100; // USER_HZ: 100 on every Linux Node.js supports

function readStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields from 'state' (3rd in the file): ppid is 4th, utime..cstime are 14th–17th.
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { ppid, ticks };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by each tree rooted at the given pids (roots and all descendants). */
export function treeCpuSeconds(roots: number[]): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return 0;
  }
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const pid of pids) {
    const s = readStat(pid);
    if (s) stats.set(Number(pid), s);
  }
  const inTree = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) {
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / TICKS;
}

/** Busy CPU seconds of the whole machine so far (all cores, idle and iowait excluded). */
export function machineCpuSeconds(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    return (user + nice + system + irq + softirq + steal) / TICKS;
  } catch {
    return 0;
  }
}

export interface CpuSample {
  at: number;
  machine: number;
  roles: Record<string, number>;
}

/**
 * One reading: each role's process trees, plus `selfLabel` for this process alone (the load
 * generator; its children are counted in their own roles).
 */
export function sampleCpu(roles: Record<string, number[]>, selfLabel: string): CpuSample {
  const out: Record<string, number> = {};
  for (const [role, pids] of Object.entries(roles)) out[role] = treeCpuSeconds(pids);
  const self = process.cpuUsage();
  out[selfLabel] = (self.user + self.system) / 1e6;
  return { at: performance.now(), machine: machineCpuSeconds(), roles: out };
}

/** "web 0.62, workers 0.71, students 0.20, PostgreSQL and the rest 0.37 of 2 cores". */
export function describeCpu(from: CpuSample, to: CpuSample, restLabel: string): string {
  const seconds = (to.at - from.at) / 1000;
  if (seconds <= 0 || to.machine === 0) return 'not measured (needs Linux /proc)';
  const cores = (v: number) => (v / seconds).toFixed(2);
  let ours = 0;
  const parts = Object.keys(to.roles).map((role) => {
    const used = Math.max(0, to.roles[role]! - (from.roles[role] ?? 0));
    ours += used;
    return `${role} ${cores(used)}`;
  });
  const machine = to.machine - from.machine;
  parts.push(`${restLabel} ${cores(Math.max(0, machine - ours))}`);
  return `${parts.join(', ')}; busy ${cores(machine)} of ${os.cpus().length} cores`;
}
