import type { Msg } from '../../lib/i18n/message';
import { said } from '../harness/messages';

/**
 * The sentences the pool itself writes into a verdict (every other verdict comes from the child):
 * keys of the catalogue's `grader` area (lib/i18n/messages/grader.ts), stored with their raw
 * parameters so the page renders them in the reader's language.
 */
export type PoolMessage = 'deadline' | 'callLimit' | 'crashed' | 'unreadable' | 'tooLarge' | 'stuck';

const KEYS = {
  deadline: 'poolDeadline',
  callLimit: 'poolCallLimit',
  crashed: 'poolCrashed',
  unreadable: 'poolUnreadable',
  tooLarge: 'poolTooLarge',
  stuck: 'poolStuck',
} as const satisfies Record<PoolMessage, string>;

export function poolMessage(key: PoolMessage, params?: Record<string, string | number>): Msg {
  return said(KEYS[key], params);
}
