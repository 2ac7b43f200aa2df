import { describe, expect, it } from 'vitest';
import { OwnerQueue } from '../../../grader/pool/owner-queue';

const item = (owner: string, n: number) => ({ owner, name: `${owner || '-'}${n}` });

describe('the owner queue', () => {
  it('serves owners in turn, whatever order their items came in', () => {
    const q = new OwnerQueue<ReturnType<typeof item>>();
    for (const x of [item('a', 1), item('a', 2), item('a', 3), item('b', 1), item('', 1), item('b', 2)]) q.push(x);
    const order: string[] = [];
    for (let x = q.take(() => true); x; x = q.take(() => true)) order.push(x.name);
    expect(order).toEqual(['a1', 'b1', '-1', 'a2', 'b2', 'a3']);
    expect(q.size).toBe(0);
  });

  it('skips an owner who may not start another, without losing their place', () => {
    const q = new OwnerQueue<ReturnType<typeof item>>();
    for (const x of [item('a', 1), item('a', 2), item('b', 1)]) q.push(x);
    expect(q.take((owner) => owner !== 'a')?.name).toBe('b1');
    expect(q.take((owner) => owner !== 'a')).toBeUndefined();
    expect(q.size).toBe(2);
    expect(q.take(() => true)?.name).toBe('a1');
  });

  it('puts an item started again at the very front', () => {
    const q = new OwnerQueue<ReturnType<typeof item>>();
    q.push(item('a', 1));
    q.push(item('b', 1));
    q.push(item('c', 9), true);
    expect(q.take(() => true)?.name).toBe('c9');
    expect(q.drain().map((x) => x.name)).toEqual(['a1', 'b1']);
    expect(q.size).toBe(0);
  });
});
