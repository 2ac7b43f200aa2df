import { describe, expect, it } from 'vitest';
import { LIVE_DEBOUNCE_MIN_MS, LIVE_DEBOUNCE_MS, LIVE_RECENT_RUNS, liveDebounceMs } from '../../../app/_components/live/useLiveChecks';

/** The wait after a keystroke follows how long recent live runs took (their median), within its bounds. */
describe('the live checks’ wait after a keystroke', () => {
  it('is the longest before the first run, whose time is not known yet', () => {
    expect(liveDebounceMs([])).toBe(LIVE_DEBOUNCE_MS);
  });
  it('is about as long as a run takes: the one run known, or the median of the recent ones', () => {
    expect(liveDebounceMs([32.4])).toBe(32);
    expect(liveDebounceMs([30, 40])).toBe(35);
    expect(liveDebounceMs([20, 22, 24, 26, 28])).toBe(24);
  });
  it('one slow run does not stretch the wait after it (the last run alone would give the maximum)', () => {
    expect(liveDebounceMs([25, 24, 26, 23, 180])).toBe(25);
    expect(LIVE_RECENT_RUNS).toBeGreaterThanOrEqual(3);
  });
  it('follows runs that stay slow', () => {
    expect(liveDebounceMs([25, 50, 52, 55, 58])).toBe(52);
  });
  it('never shorter than the minimum (a burst of keys still costs one run) nor longer than the maximum', () => {
    expect(liveDebounceMs([2])).toBe(LIVE_DEBOUNCE_MIN_MS);
    expect(liveDebounceMs([900, 800, 700])).toBe(LIVE_DEBOUNCE_MS);
    expect(LIVE_DEBOUNCE_MIN_MS).toBeLessThan(LIVE_DEBOUNCE_MS);
  });
});
