import { describe, expect, it } from 'vitest';
import { lateFactor, parseLatePolicy } from '../../../lib/db/late-policy';
import { countedScore, pickCounted } from '../../../lib/db/scores';
import { judge, mergeWindow, type ExtensionRow, type ItemRef, type WindowRow } from '../../../lib/db/windows';

/** The pure rules of dates: which row wins per field, extensions on top, late factors, best vs last. */

const H = 3_600_000;
const DAY = 24 * H;
const item: ItemRef = { kind: 'quiz', id: 'q-backprop', section: '4.4', assignmentIds: ['hw3', 'hw-extra'] };

function row(kind: WindowRow['target_kind'], id: string, fields: Partial<WindowRow>): WindowRow {
  return { target_kind: kind, target_id: id, opens_at: null, due_at: null, close_at: null, late_policy: null, max_attempts: null, counts: null, ...fields };
}

function ext(id: string, fields: Partial<ExtensionRow>): ExtensionRow {
  return { id, user_id: 'u1', target_kind: 'quiz', target_id: 'q-backprop', due_at: null, close_at: null, reason: 'ill', created_at: 1, ...fields };
}

describe('merging windows', () => {
  it('takes each field from the most specific row that sets it: item, then assignments in order, then section', () => {
    const rows = [
      row('section', '4.4', { opens_at: 100, due_at: 1000, close_at: 5000, late_policy: '{"kind":"factor","factor":0.5}', max_attempts: 9, counts: 'last' }),
      row('assignment', 'hw-extra', { due_at: 1500, max_attempts: 7 }),
      row('assignment', 'hw3', { due_at: 2000 }),
      row('quiz', 'q-backprop', { close_at: 3000 }),
      // Rows of other items, a same-named exercise and another section never apply.
      row('exercise', 'q-backprop', { opens_at: 1 }),
      row('section', '4.1', { opens_at: 2 }),
    ];
    expect(mergeWindow(item, rows)).toEqual({
      opensAt: 100,
      dueAt: 2000,
      closeAt: 3000,
      latePolicy: { kind: 'factor', factor: 0.5 },
      maxAttempts: 7,
      counts: 'last',
      extension: null,
    });
  });

  it('gives nothing set, best counting and no penalty when there are no rows', () => {
    expect(mergeWindow(item, [])).toEqual({ opensAt: null, dueAt: null, closeAt: null, latePolicy: { kind: 'none' }, maxAttempts: null, counts: 'best', extension: null });
  });

  it('puts the student’s extension on top: the newest of the most specific target, due and close separately', () => {
    const rows = [row('section', '4.4', { due_at: 1000, close_at: 2000 })];
    const w = mergeWindow(item, rows, [ext('a', { target_kind: 'section', target_id: '4.4', due_at: 9000, created_at: 5 }), ext('b', { due_at: 1500, created_at: 1 }), ext('c', { due_at: 1800, created_at: 2 })]);
    expect(w).toMatchObject({ dueAt: 1800, closeAt: 2000, extension: { id: 'c', dueAt: 1800, closeAt: null, baseDueAt: 1000, baseCloseAt: 2000 } });
  });

  it('carries the close date along when an extended due date passes it', () => {
    const w = mergeWindow(item, [row('quiz', 'q-backprop', { due_at: 1000, close_at: 2000 })], [ext('a', { due_at: 4000 })]);
    expect([w.dueAt, w.closeAt]).toEqual([4000, 4000]);
  });
});

describe('judging a moment against a window', () => {
  const w = mergeWindow(item, [row('quiz', 'q-backprop', { opens_at: 0, due_at: 10 * DAY, close_at: 20 * DAY, late_policy: '{"kind":"per-day","percent":10}' })]);
  it('refuses before open and after close, accepts on time, marks late with the factor in between', () => {
    expect(judge(w, -1)).toEqual({ state: 'not-open', opensAt: 0 });
    expect(judge(w, 10 * DAY)).toEqual({ state: 'on-time' });
    expect(judge(w, 10 * DAY + 1)).toEqual({ state: 'late', dueAt: 10 * DAY, factor: 0.9 });
    expect(judge(w, 12 * DAY + H)).toEqual({ state: 'late', dueAt: 10 * DAY, factor: 0.7 });
    expect(judge(w, 20 * DAY)).toMatchObject({ state: 'late', factor: 0 });
    expect(judge(w, 20 * DAY + 1)).toEqual({ state: 'closed', closeAt: 20 * DAY });
  });
});

describe('late policies', () => {
  it('none keeps the score, factor multiplies, per-day takes a share per started day down to zero', () => {
    expect(lateFactor({ kind: 'none' }, 0, 5 * DAY)).toBe(1);
    expect(lateFactor({ kind: 'factor', factor: 0.5 }, 0, 1)).toBe(0.5);
    expect(lateFactor({ kind: 'per-day', percent: 25 }, 0, 1)).toBe(0.75);
    expect(lateFactor({ kind: 'per-day', percent: 25 }, 0, DAY)).toBe(0.75);
    expect(lateFactor({ kind: 'per-day', percent: 25 }, 0, DAY + 1)).toBe(0.5);
    expect(lateFactor({ kind: 'per-day', percent: 25 }, 0, 9 * DAY)).toBe(0);
    expect(lateFactor({ kind: 'factor', factor: 0.5 }, 100, 100)).toBe(1);
  });

  it('reads stored JSON, and treats unreadable JSON as no rule (inherit)', () => {
    expect(parseLatePolicy('{"kind":"per-day","percent":10}')).toEqual({ kind: 'per-day', percent: 10 });
    expect(parseLatePolicy('{"kind":"factor","factor":2}')).toBeNull();
    expect(parseLatePolicy('nonsense')).toBeNull();
    expect(parseLatePolicy(null)).toBeNull();
  });
});

describe('the counted score', () => {
  it('is the score times the late factor', () => {
    expect(countedScore(0.8, 0.5)).toBe(0.4);
    expect(countedScore(1 / 3, 1)).toBe(1 / 3);
    expect(countedScore(null, 0.5)).toBeNull();
  });

  it('is the best or the newest graded attempt, as the item says', () => {
    const attempts = [
      { createdAt: 1, score: 0.9 },
      { createdAt: 3, score: null },
      { createdAt: 2, score: 0.4 },
    ];
    expect(pickCounted(attempts, 'best')).toBe(0.9);
    expect(pickCounted(attempts, 'last')).toBe(0.4);
    expect(pickCounted([], 'last')).toBeNull();
  });
});
