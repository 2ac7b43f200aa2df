import os from 'node:os';

/**
 * Structured logs: one JSON object per line on stdout (errors on stderr), so a log shipper can
 * index grading events by submission, worker and duration without parsing prose.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const HOST = os.hostname();
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** DELTALAB_LOG_LEVEL: the least severe level written (default info). */
function threshold(): number {
  const wanted = process.env.DELTALAB_LOG_LEVEL as LogLevel | undefined;
  return wanted && wanted in RANK ? RANK[wanted] : RANK.info;
}

export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, host: HOST, pid: process.pid, ...fields }, (_key, value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}
