/**
 * Wall-clock times in an offering's time zone (an IANA name such as "Asia/Shanghai"), stored as
 * UTC epoch milliseconds. Built on `Intl.DateTimeFormat` alone: Node ships the ICU time-zone
 * database (updated with Node itself), and the two things needed here — the wall clock of an
 * instant in a zone, and the instant of a wall clock — take one formatter and a little arithmetic,
 * so no date library is added (a library would bring its own copy of the rules to keep current).
 *
 * The one hard part is a wall-clock time that a daylight-saving change skips or repeats:
 * - skipped ("2027-03-14T02:30" in America/New_York does not exist): refused, `ZonedTimeError`
 *   with reason 'nonexistent', so staff pick a real time instead of one silently moved;
 * - repeated (the fall-back hour "2027-11-07T01:30" happens twice): the earlier instant, the one
 *   still in daylight time (what Temporal and RFC 5545 call "compatible"). Displays name the UTC
 *   offset, so both instants read differently on a page.
 */

/** "2027-03-14T09:30": the value of an `<input type="datetime-local">`, minutes precision. */
export type LocalDateTime = string;

export class ZonedTimeError extends Error {
  constructor(
    readonly reason: 'invalid' | 'nonexistent' | 'zone',
    message: string,
  ) {
    super(message);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallOf(ms: number, zone: string): Wall {
  const parts = Object.fromEntries(partsFormatter(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (UTC+8 → 8 × 3 600 000). */
export function offsetAt(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallAsUtc(wallOf(whole, zone)) - whole;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The wall clock of `ms` in `zone`, as a datetime-local value ("2027-03-14T09:30"). */
export function toLocalInput(ms: number, zone: string): LocalDateTime {
  const w = wallOf(ms, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The UTC instant of a wall-clock time in `zone`. Refuses a malformed value, an unknown zone and a
 * time the zone skips; a repeated time gives the earlier instant (see the top of this file).
 */
export function fromLocalInput(value: LocalDateTime, zone: string): number {
  if (!isTimeZone(zone)) throw new ZonedTimeError('zone', `unknown time zone "${zone}"`);
  const m = LOCAL.exec(value.trim());
  if (!m) throw new ZonedTimeError('invalid', `not a date and time: "${value}"`);
  const wall: Wall = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 };
  const asUtc = wallAsUtc(wall);
  // Date.UTC rolls "02-30" over to March: a calendar date that does not exist is malformed.
  const check = new Date(asUtc);
  if (check.getUTCMonth() + 1 !== wall.month || check.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw new ZonedTimeError('invalid', `not a date and time: "${value}"`);
  }
  // The instant is asUtc − offset, for the offset in force at that instant. Offsets within a day
  // of it are the candidates (no zone changes its offset twice within 48 hours); each candidate
  // that maps back to the same wall clock is a real reading of it.
  const day = 86_400_000;
  const offsets = new Set([offsetAt(asUtc - day, zone), offsetAt(asUtc, zone), offsetAt(asUtc + day, zone)]);
  const readings = [...offsets].map((o) => asUtc - o).filter((ms) => wallAsUtc(wallOf(ms, zone)) === asUtc);
  if (readings.length === 0) throw new ZonedTimeError('nonexistent', `${value} does not exist in ${zone} (the clocks skip it at a daylight-saving change)`);
  return Math.min(...readings);
}

/** "UTC+08:00", "UTC−05:00", "UTC": the offset of `zone` at `ms`, for naming a shown time. */
export function offsetLabel(ms: number, zone: string): string {
  const offset = offsetAt(ms, zone);
  if (offset === 0) return 'UTC';
  const minutes = Math.abs(offset) / 60_000;
  return `UTC${offset < 0 ? '−' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** "2027-03-14 09:30 (UTC+08:00)": a stored instant as staff and students read it in the zone. */
export function zonedMinutes(ms: number, zone: string): string {
  return `${toLocalInput(ms, zone).replace('T', ' ')} (${offsetLabel(ms, zone)})`;
}
