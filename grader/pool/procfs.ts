import { readFileSync } from 'node:fs';

/** Where a child's CPU time and memory can be read (/proc); elsewhere limits fall back to the wall clock. */
export const PROC_READABLE = process.platform === 'linux';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: the unit of /proc/<pid>/stat times on Linux

/** A process's CPU time (user + system) in ms, from /proc/<pid>/stat; undefined if unreadable. */
export function cpuMsOf(pid: number): number | undefined {
  if (!PROC_READABLE) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** A process's resident set in MB, from /proc/<pid>/status; undefined once it is gone. */
export function residentMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
