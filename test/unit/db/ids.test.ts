import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../../../lib/db/ids';

describe('row ids', () => {
  it('are UUIDs (version 7) that every id check accepts', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('sort in the order they were made, also many within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry their millisecond, and a clock that steps back does not reorder them', () => {
    const a = newId(1_900_000_000_000);
    const b = newId(1_899_999_999_000);
    expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(1_900_000_000_000);
    expect(b > a).toBe(true);
  });
});
