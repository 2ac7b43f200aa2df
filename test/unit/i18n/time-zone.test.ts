import { describe, expect, it } from 'vitest';
import { fromLocalInput, offsetLabel, toLocalInput, zonedMinutes, ZonedTimeError } from '../../../lib/i18n/time-zone';

/**
 * Wall clocks in an offering's zone ↔ UTC instants, across daylight-saving changes. Expected
 * instants are written in UTC by hand from the zones' published rules.
 */

const utc = (iso: string) => Date.parse(`${iso}Z`);

describe('wall clock to UTC and back', () => {
  it('Asia/Shanghai is UTC+8 all year, no daylight saving', () => {
    expect(fromLocalInput('2027-03-14T09:30', 'Asia/Shanghai')).toBe(utc('2027-03-14T01:30'));
    expect(fromLocalInput('2027-07-01T00:00', 'Asia/Shanghai')).toBe(utc('2027-06-30T16:00'));
    expect(toLocalInput(utc('2027-06-30T16:00'), 'Asia/Shanghai')).toBe('2027-07-01T00:00');
    expect(zonedMinutes(utc('2027-06-30T16:00'), 'Asia/Shanghai')).toBe('2027-07-01 00:00 (UTC+08:00)');
  });

  it('America/New_York: spring forward skips 02:00–02:59; that time is refused, the minutes around it are exact', () => {
    // 2027-03-14: at 02:00 EST (07:00 UTC) clocks jump to 03:00 EDT.
    expect(fromLocalInput('2027-03-14T01:59', 'America/New_York')).toBe(utc('2027-03-14T06:59'));
    expect(fromLocalInput('2027-03-14T03:00', 'America/New_York')).toBe(utc('2027-03-14T07:00'));
    for (const skipped of ['2027-03-14T02:00', '2027-03-14T02:30', '2027-03-14T02:59']) {
      expect(() => fromLocalInput(skipped, 'America/New_York')).toThrow(ZonedTimeError);
      try {
        fromLocalInput(skipped, 'America/New_York');
      } catch (err) {
        expect((err as ZonedTimeError).reason).toBe('nonexistent');
      }
    }
  });

  it('America/New_York: fall back repeats 01:00–01:59; the earlier (daylight) instant is taken, and the offset names which', () => {
    // 2027-11-07: at 02:00 EDT (06:00 UTC) clocks go back to 01:00 EST.
    const first = utc('2027-11-07T05:30'); // 01:30 EDT
    const second = utc('2027-11-07T06:30'); // 01:30 EST
    expect(fromLocalInput('2027-11-07T01:30', 'America/New_York')).toBe(first);
    expect(toLocalInput(first, 'America/New_York')).toBe('2027-11-07T01:30');
    expect(toLocalInput(second, 'America/New_York')).toBe('2027-11-07T01:30');
    expect(offsetLabel(first, 'America/New_York')).toBe('UTC−04:00');
    expect(offsetLabel(second, 'America/New_York')).toBe('UTC−05:00');
    expect(fromLocalInput('2027-11-07T02:00', 'America/New_York')).toBe(utc('2027-11-07T07:00'));
  });

  it('Europe/Berlin: the gap of 28 March 2027 and the overlap of 31 October 2027', () => {
    expect(() => fromLocalInput('2027-03-28T02:30', 'Europe/Berlin')).toThrow(/does not exist/);
    expect(fromLocalInput('2027-03-28T03:00', 'Europe/Berlin')).toBe(utc('2027-03-28T01:00'));
    expect(fromLocalInput('2027-10-31T02:30', 'Europe/Berlin')).toBe(utc('2027-10-31T00:30'));
  });

  it('every minute-aligned wall clock that exists round-trips exactly across both changes of the year', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'UTC']) {
      for (const [from, to] of [
        ['2027-03-13T00:00', '2027-03-29T06:00'],
        ['2027-10-30T00:00', '2027-11-08T06:00'],
      ] as const) {
        // Every 10 minutes of the local calendar through both transitions.
        for (let t = utc(from); t <= utc(to); t += 600_000) {
          const wall = new Date(t).toISOString().slice(0, 16);
          let ms: number;
          try {
            ms = fromLocalInput(wall, zone);
          } catch (err) {
            expect((err as ZonedTimeError).reason).toBe('nonexistent');
            continue;
          }
          expect(toLocalInput(ms, zone)).toBe(wall);
        }
      }
    }
  });

  it('every UTC minute round-trips, except the second reading of a repeated hour, which maps to the first', () => {
    const zone = 'America/New_York';
    let differing = 0;
    for (let t = utc('2027-11-06T12:00'); t <= utc('2027-11-07T12:00'); t += 60_000) {
      const back = fromLocalInput(toLocalInput(t, zone), zone);
      if (back !== t) {
        differing++;
        expect(back).toBe(t - 3_600_000);
      }
    }
    expect(differing).toBe(60);
  });

  it('refuses malformed values, calendar dates that do not exist and unknown zones', () => {
    expect(() => fromLocalInput('2027-02-30T10:00', 'UTC')).toThrow(/not a date/);
    expect(() => fromLocalInput('tomorrow', 'UTC')).toThrow(/not a date/);
    expect(() => fromLocalInput('2027-01-01T24:00', 'UTC')).toThrow(/not a date/);
    expect(() => fromLocalInput('2027-01-01T10:00', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
