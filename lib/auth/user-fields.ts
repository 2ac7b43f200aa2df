/**
 * Limits on what a person may put in their own account, checked on the server for every way in:
 * better-auth's sign-up and update-user (lib/auth/auth.ts, before and again in its database
 * hooks), accounts made by instructors and the command line (lib/auth/users.ts) and the roster
 * import (lib/staff/roster.ts). A name is shown in the header, the gradebook and CSV exports;
 * 200 000 characters of it made the gradebook page 14.7 MB.
 */
export const MAX_NAME_CHARS = 100;
export const MAX_EMAIL_CHARS = 254;
/** better-auth accepts an avatar URL; the site shows none, so it only has to stay small. */
export const MAX_IMAGE_CHARS = 2048;

export type UserFieldProblem = { code: 'INVALID_NAME' | 'NAME_TOO_LONG' | 'EMAIL_TOO_LONG' | 'IMAGE_TOO_LONG'; message: string };

// C0 controls, DEL and C1 controls: a name is one line of text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** What is wrong with these user fields (only those present are checked), or null. */
export function userFieldProblem(fields: Record<string, unknown> | null | undefined): UserFieldProblem | null {
  if (!fields || typeof fields !== 'object') return null;
  if ('name' in fields && fields.name !== undefined) {
    const name = fields.name;
    if (typeof name !== 'string' || name.trim().length === 0 || CONTROL.test(name)) return { code: 'INVALID_NAME', message: 'The name must be one line of text.' };
    if ([...name].length > MAX_NAME_CHARS) return { code: 'NAME_TOO_LONG', message: `The name may have at most ${MAX_NAME_CHARS} characters.` };
  }
  if ('email' in fields && typeof fields.email === 'string' && fields.email.length > MAX_EMAIL_CHARS) {
    return { code: 'EMAIL_TOO_LONG', message: `The email address may have at most ${MAX_EMAIL_CHARS} characters.` };
  }
  if ('image' in fields && fields.image !== undefined && fields.image !== null) {
    if (typeof fields.image !== 'string' || fields.image.length > MAX_IMAGE_CHARS) return { code: 'IMAGE_TOO_LONG', message: `The image address may have at most ${MAX_IMAGE_CHARS} characters.` };
  }
  return null;
}
