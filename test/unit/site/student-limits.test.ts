import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const { admitCheck, resetCheckLimiter, studentLimits } = await import('../../../lib/site/student-limits');
const { AccessError } = await import('../../../lib/site/errors');

const limits = { checkPerMinute: 3, checkInFlight: 2, submitPerMinute: 10 };

function refusal(fn: () => unknown): InstanceType<typeof AccessError> {
  try {
    fn();
  } catch (err) {
    if (err instanceof AccessError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('admitCheck', () => {
  beforeEach(() => resetCheckLimiter());

  it('admits so many a minute, then refuses with the seconds until the oldest leaves the window', () => {
    const t = 1_000_000;
    admitCheck('a', 'en', limits, t)();
    admitCheck('a', 'en', limits, t + 10_000)();
    admitCheck('a', 'en', limits, t + 20_000)();
    const refused = refusal(() => admitCheck('a', 'en', limits, t + 30_000));
    expect(refused.status).toBe(429);
    expect(refused.retryAfterSeconds).toBe(30);
    expect(refused.message).toBe('You pressed Check 3 times in the last minute, the most allowed. Try again in 30 s.');
    // A refused press does not count: once the oldest is a minute old, one more is admitted.
    expect(() => admitCheck('a', 'en', limits, t + 60_001)()).not.toThrow();
    // Other students have their own count.
    expect(() => admitCheck('b', 'zh', limits, t + 30_000)()).not.toThrow();
  });

  it('admits at most checkInFlight at once until one is released (once, however often release is called)', () => {
    const t = 2_000_000;
    const first = admitCheck('c', 'zh', limits, t);
    admitCheck('c', 'zh', limits, t);
    const refused = refusal(() => admitCheck('c', 'zh', limits, t));
    expect(refused.status).toBe(429);
    expect(refused.message).toContain('上一次的“检查”还在运行');
    first();
    first();
    admitCheck('c', 'zh', { ...limits, checkPerMinute: 10 }, t);
    expect(refusal(() => admitCheck('c', 'zh', { ...limits, checkPerMinute: 10 }, t)).status).toBe(429);
  });

  it('reads its settings from the environment, ignoring nonsense', () => {
    expect(studentLimits({ DELTALAB_CHECK_PER_MINUTE: '5', DELTALAB_CHECK_IN_FLIGHT: '0', DELTALAB_SUBMIT_PER_MINUTE: 'x' } as unknown as NodeJS.ProcessEnv)).toEqual({ checkPerMinute: 5, checkInFlight: 2, submitPerMinute: 10 });
  });
});
