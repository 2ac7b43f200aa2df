import { z } from 'zod';

/**
 * What late work is worth. Stored as JSON in item_window.late_policy; the factor it gives is
 * written with the late mark when the work is recorded, so a later change of policy never moves a
 * counted score silently (see lib/db/scores.ts, the one place that applies the factor).
 *
 * - none: accepted, marked late, no penalty (factor 1);
 * - per-day: `percent` off per started day after the due date, never below 0;
 * - factor: late work counts `factor` times its score.
 * Refusing after the close date is not a policy of its own: a close date refuses, whatever the
 * policy (item_window.close_at).
 */
export const LatePolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('per-day'), percent: z.number().gt(0).max(100) }).strict(),
  z.object({ kind: z.literal('factor'), factor: z.number().min(0).max(1) }).strict(),
]);
export type LatePolicy = z.infer<typeof LatePolicy>;

export const NO_PENALTY: LatePolicy = { kind: 'none' };

const DAY_MS = 86_400_000;

/** The stored JSON as a policy; unreadable or absent JSON is "no policy here" (inherit). */
export function parseLatePolicy(json: string | null): LatePolicy | null {
  if (json === null) return null;
  try {
    const parsed = LatePolicy.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The factor late work recorded at `at` counts with, due at `dueAt` (1 when on time). */
export function lateFactor(policy: LatePolicy, dueAt: number | null, at: number): number {
  if (dueAt === null || at <= dueAt) return 1;
  switch (policy.kind) {
    case 'none':
      return 1;
    case 'factor':
      return policy.factor;
    case 'per-day': {
      const days = Math.ceil((at - dueAt) / DAY_MS);
      // Rounded to whole parts per million so 1 − 3 × 0.1 is 0.7, not 0.7000000000000001.
      return Math.max(0, Math.round((1 - (days * policy.percent) / 100) * 1e6) / 1e6);
    }
  }
}
