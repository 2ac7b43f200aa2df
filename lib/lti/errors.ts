/**
 * Why a launch was refused. The code picks the sentence shown (lib/i18n/messages/lti.ts: `lti.error.<code>`);
 * the detail goes to the log only, never to the page.
 */
export const LAUNCH_ERRORS = [
  'unknown_platform',
  'missing_state',
  'state_mismatch',
  'state_used',
  'state_expired',
  'bad_signature',
  'unknown_key',
  'wrong_issuer',
  'wrong_audience',
  'expired',
  'bad_token',
  'nonce_mismatch',
  'wrong_deployment',
  'unsupported_message_type',
  'wrong_version',
  'missing_claim',
  'wrong_target_link',
  'not_a_launch',
] as const;
export type LaunchErrorCode = (typeof LAUNCH_ERRORS)[number];

export class LtiLaunchError extends Error {
  constructor(
    readonly code: LaunchErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'LtiLaunchError';
  }
}
