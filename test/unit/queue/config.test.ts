import { describe, expect, it } from 'vitest';
import { queueSettings } from '../../../lib/queue/config';

describe('queue settings', () => {
  it('has defaults that keep a lost job noticed well after the sandbox deadline', () => {
    const s = queueSettings({});
    expect(s.expireSeconds).toBe(60);
    expect(s.retryLimit).toBe(2);
    expect(s.concurrency).toBeGreaterThanOrEqual(1);
    expect(s.pollSeconds).toBeGreaterThanOrEqual(0.5);
  });

  it('reads the environment', () => {
    const s = queueSettings({ DELTALAB_WORKER_CONCURRENCY: '3', DELTALAB_GRADING_EXPIRE_SECONDS: '5', DELTALAB_GRADING_RETRY_LIMIT: '0', DELTALAB_QUEUE_POLL_SECONDS: '0.5' });
    expect(s).toMatchObject({ concurrency: 3, expireSeconds: 5, retryLimit: 0, pollSeconds: 0.5 });
  });

  it('refuses values that would break the queue, naming the variable', () => {
    expect(() => queueSettings({ DELTALAB_WORKER_CONCURRENCY: '0' })).toThrow(/DELTALAB_WORKER_CONCURRENCY must be an integer ≥ 1 \(got "0"\)/);
    expect(() => queueSettings({ DELTALAB_WORKER_CONCURRENCY: '1.5' })).toThrow(/DELTALAB_WORKER_CONCURRENCY/);
    expect(() => queueSettings({ DELTALAB_GRADING_EXPIRE_SECONDS: 'soon' })).toThrow(/DELTALAB_GRADING_EXPIRE_SECONDS/);
    expect(() => queueSettings({ DELTALAB_QUEUE_POLL_SECONDS: '0.1' })).toThrow(/DELTALAB_QUEUE_POLL_SECONDS must be a number ≥ 0.5/);
    expect(() => queueSettings({ DELTALAB_GRADING_RETRY_LIMIT: '-1' })).toThrow(/DELTALAB_GRADING_RETRY_LIMIT/);
  });
});
