import type { SubmissionDTO } from '../../../lib/site/dto';

/** Asks for a recorded submission until it has its verdict (or three minutes have passed). */
export async function pollUntilGraded(id: string): Promise<SubmissionDTO> {
  const started = Date.now();
  let delay = 200;
  for (;;) {
    await sleep(delay);
    delay = Math.min(1_000, delay * 1.5);
    const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`);
    if (res.ok) {
      const { submission } = (await res.json()) as { submission: SubmissionDTO };
      if (submission.result || Date.now() - started > 180_000) return submission;
    }
  }
}

/** A fresh idempotency key: one per press of Submit. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The server's own sentence for a refusal meant for the student (403, 413, 429), if it sent one. */
export async function studentReason(res: Response): Promise<string | undefined> {
  if (res.status !== 403 && res.status !== 413 && res.status !== 429) return undefined;
  const body = (await res.json().catch(() => ({}))) as { error?: unknown };
  return typeof body.error === 'string' && body.error !== 'busy' ? body.error : undefined;
}
