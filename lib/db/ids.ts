import { randomInt, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** A join code a person can type and read aloud: no 0/O or 1/I/L. */
export function newJoinCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let code = '';
  for (let i = 0; i < 8; i++) code += alphabet[randomInt(alphabet.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
