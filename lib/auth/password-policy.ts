import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/**
 * The one password policy, checked on the server wherever a password is set: sign-up, change and
 * reset (better-auth hooks in lib/auth/auth.ts), accounts made by instructors, the command line and
 * the roster import (lib/auth/users.ts). Length alone lets "password1" through, so a password is
 * also estimated by zxcvbn-ts with its common-password dictionaries (offline, about 40 000 leaked
 * passwords, keyboard walks, sequences, repeats and l33t variants of them).
 */
export const MIN_PASSWORD_CHARS = 10;
export const MAX_PASSWORD_CHARS = 128;
/** zxcvbn's score 2 = at least 10^6 guesses; 0 and 1 are the top of every cracking list. */
const MIN_SCORE = 2;

export type PasswordProblemCode = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON';
export type PasswordProblem = { code: PasswordProblemCode; message: string };

let estimator: ZxcvbnFactory | undefined;
function strength(password: string): number {
  // The dictionaries are large: built on the first password checked, not at import.
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator.check(password).score;
}

/**
 * What is wrong with this new password, or null. A common password is named as such even when it
 * is also short ("password"): that is the more useful thing to hear.
 */
export function passwordProblem(password: unknown): PasswordProblem | null {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_CHARS) {
    if (typeof password === 'string' && password.length > 0 && strength(password) < MIN_SCORE) return tooCommon();
    return { code: 'PASSWORD_TOO_SHORT', message: `The password is too short: use at least ${MIN_PASSWORD_CHARS} characters.` };
  }
  if (password.length > MAX_PASSWORD_CHARS) return { code: 'PASSWORD_TOO_LONG', message: `The password is too long: use at most ${MAX_PASSWORD_CHARS} characters.` };
  if (strength(password) < MIN_SCORE) return tooCommon();
  return null;
}

function tooCommon(): PasswordProblem {
  return { code: 'PASSWORD_TOO_COMMON', message: 'This password is too common or too easy to guess. Choose a longer one that is not a word, name or sequence.' };
}
