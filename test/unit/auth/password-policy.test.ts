import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_CHARS, passwordProblem } from '../../../lib/auth/password-policy';

/** The one password policy (lib/auth/password-policy.ts): long enough, and not a common password. */
describe('password policy', () => {
  it('refuses the passwords every cracking list starts with, naming them as common', () => {
    for (const p of ['password', '12345678', 'password123', 'qwertyuiop', '1234567890', 'iloveyou12', 'Password2026', 'abcdefghijk', 'aaaaaaaaaaaa']) {
      expect(passwordProblem(p)?.code, p).toBe('PASSWORD_TOO_COMMON');
    }
  });

  it('refuses short and over-long passwords', () => {
    expect(MIN_PASSWORD_CHARS).toBe(10);
    expect(passwordProblem('Zq8#vR2!')?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('')?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem(undefined)?.code).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('x7'.repeat(65))?.code).toBe('PASSWORD_TOO_LONG');
  });

  it('accepts a long password that is no common word or pattern, and random temporary ones', () => {
    expect(passwordProblem('lantern-orbit-73')).toBeNull();
    expect(passwordProblem('Zq8#vR2!kL')).toBeNull();
    expect(passwordProblem('3pS_v9QkWm0aTz1c')).toBeNull();
  });
});
