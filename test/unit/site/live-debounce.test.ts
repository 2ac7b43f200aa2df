import { describe, expect, it } from 'vitest';
import { LIVE_DEBOUNCE_MIN_MS, LIVE_DEBOUNCE_MS, liveDebounceMs } from '../../../app/_components/live/useLiveChecks';

/** The wait after a keystroke follows how long the last live run took, within its bounds. */
describe('the live checks’ wait after a keystroke', () => {
  it('is the longest before the first run, whose time is not known yet', () => {
    expect(liveDebounceMs(null)).toBe(LIVE_DEBOUNCE_MS);
  });
  it('is about as long as the last run took', () => {
    expect(liveDebounceMs(32.4)).toBe(32);
  });
  it('never shorter than the minimum (a burst of keys still costs one run) nor longer than the maximum', () => {
    expect(liveDebounceMs(2)).toBe(LIVE_DEBOUNCE_MIN_MS);
    expect(liveDebounceMs(900)).toBe(LIVE_DEBOUNCE_MS);
    expect(LIVE_DEBOUNCE_MIN_MS).toBeLessThan(LIVE_DEBOUNCE_MS);
  });
});
