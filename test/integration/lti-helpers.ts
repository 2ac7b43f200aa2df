import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { GradingResult } from '../../grader/results';
import { TestPlatform } from '../support/lti-platform';
import { startSite, useTempSiteEnv } from './site-helpers';

/**
 * What the LTI service tests (lti-services, lti-staff, lti-aggregates) share: a site on a temporary
 * database, the test platform serving deltalab's published JWKS, launches completed the way the
 * launch route completes them, and exercise submissions graded through the one grading path.
 * Each test file still mocks 'server-only' itself (vi.mock is hoisted per file).
 */

export const LAUNCH_URL = 'http://localhost:3000/api/lti/launch';
export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
export const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

export async function db() {
  const { getDb } = await import('../../lib/db');
  return getDb();
}

/**
 * Call at the top of a test file: a temporary site and a started test platform for the file's
 * tests, stopped and removed after them. `register: false` leaves registering to the tests (the
 * staff form's own tests).
 */
export function useLtiSite(opts: { register?: boolean } = {}): TestPlatform {
  process.env.DELTALAB_LTI_JWKS_COOLDOWN_MS = '0';
  const env = useTempSiteEnv();
  const platform = new TestPlatform();
  beforeAll(async () => {
    await platform.start();
    await startSite();
    if (opts.register ?? true) {
      const { registerPlatform } = await import('../../lib/lti/platforms');
      await registerPlatform(await db(), platform.registration());
    }
    const { publishedKeys } = await import('../../lib/lti/keys');
    platform.toolJwks = async () => publishedKeys(await db());
  });
  afterAll(async () => {
    await platform.stop();
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    env.cleanup();
  });
  return platform;
}

/** A resource link launch from this platform with these extra claims, completed outside a frame. */
export async function launchAs(platform: TestPlatform, extra: Record<string, unknown>) {
  const { startLogin } = await import('../../lib/lti/login');
  const { completeLaunch } = await import('../../lib/lti/complete');
  const { getAuth } = await import('../../lib/auth/auth');
  const l = await startLogin(await db(), { iss: platform.issuer, login_hint: 'x', target_link_uri: LAUNCH_URL }, LAUNCH_URL);
  const nonce = new URL(l.redirectUrl).searchParams.get('nonce')!;
  const token = await platform.idToken(platform.claims(nonce, extra));
  return completeLaunch(await getAuth(), await db(), { id_token: token, state: l.state }, l.browserSecret, { embedded: false });
}

function result(score: number): GradingResult {
  return { exercise: 'sigmoid-prime', version: 'v', mode: 'submit', status: score === 1 ? 'passed' : 'failed', score, points: score * 10, maxPoints: 10, summary: 's', checks: [], compileErrors: [], console: { text: '', truncated: false }, timeMs: 1 };
}

/** Records a sigmoid-prime submission in the offering and stores this score through the one grading path. */
export async function gradedSubmission(userId: string, offeringId: string, score: number, at = Date.now()): Promise<string> {
  const { insertSubmission } = await import('../../lib/db/submissions');
  const { gradeAndStore } = await import('../../lib/queue/grade-and-store');
  const id = randomUUID();
  await insertSubmission(await db(), { id, user_id: userId, offering_id: offeringId, exercise_id: 'sigmoid-prime', exercise_version: 'v', mode: 'submit', code: 'x', idempotency_key: id, locale: 'en', created_at: at });
  const outcome = await gradeAndStore({ db: await db(), grade: async () => result(score), announce: () => undefined }, { submissionId: id });
  expect(outcome.kind).toBe('stored');
  return id;
}
