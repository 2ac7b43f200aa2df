import { randomBytes, randomInt } from 'node:crypto';

/**
 * Row ids: UUID version 7 (RFC 9562), a millisecond timestamp followed by a 12-bit counter and
 * random bits, so ids made by one process sort in the order they were made even within one
 * millisecond. Queries that order by `created_at, id` (overrides, regrades, attempts) then name
 * the newest row the same way on every run and every machine speed.
 */
let lastMs = 0;
let counter = 0;

export function newId(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an order.
    if (counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = ms;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A join code a person can type and read aloud: no 0/O or 1/I/L. */
export function newJoinCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let code = '';
  for (let i = 0; i < 8; i++) code += alphabet[randomInt(alphabet.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
