import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { openConnection } from '../../lib/db/connection';
import type { Database } from '../../lib/db/schema';
import { registerPlatform } from '../../lib/lti/platforms';
import { TestPlatform } from '../support/lti-platform';

/**
 * The LMS side of the browser tests: a test platform (test/support/lti-platform.ts) served on its
 * own port, registered in the e2e server's database (there is no page for that in this branch's
 * scope), and the few database reads the tests check against. Every platform gets a course of its
 * own, and the offering a launch makes from it is archived afterwards: test files share one server,
 * and an open offering would become the default of later files.
 */
export const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
export const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface LmsFixture {
  platform: TestPlatform;
  db: Kysely<Database>;
  /** A unique course title, so the test's offering is its own. */
  courseTitle: string;
  close(): Promise<void>;
}

export async function startLms(baseURL: string, databasePath: string): Promise<LmsFixture> {
  const platform = await new TestPlatform().start();
  platform.toolUrl = baseURL;
  platform.toolJwks = `${baseURL}/api/lti/jwks`;
  const { db } = await openConnection({ kind: 'sqlite', path: databasePath });
  await registerPlatform(db, platform.registration());
  const courseTitle = `LTI course ${randomUUID().slice(0, 8)}`;
  const base = platform.claims.bind(platform);
  // Every launch from this platform is in this course (the context claim of Core §5.4.1).
  platform.claims = (nonce, extra = {}) => base(nonce, { [`${LTI}context`]: { id: `ctx-${courseTitle}`, label: 'NN101', title: courseTitle }, ...extra });
  return {
    platform,
    db,
    courseTitle,
    async close() {
      await closeLmsBrowsers();
      await db.updateTable('offering').set({ archived_at: Date.now() }).where('title', '=', courseTitle).where('archived_at', 'is', null).execute();
      await db.destroy();
      await platform.stop();
    },
  };
}

/** A person in the LMS: the claims the platform puts in the id_token for their login_hint. */
export function person(sub: string, name: string, role: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub, name, email: `${sub}@lms.example`, [`${LTI}roles`]: [role], ...extra };
}

export function viewport(phone: boolean) {
  return phone ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } : { viewport: { width: 1366, height: 768 } };
}

/**
 * A browser of its own with a real profile, in which third-party cookies are allowed or blocked.
 * Chromium's throwaway (incognito-like) contexts always block them, and its default profile does
 * too, so the setting is written into the profile's preferences (`cookie_controls_mode`: 0 allows,
 * 1 blocks third-party cookies, as the switch in chrome://settings/cookies does).
 */
export async function lmsBrowser(chromiumPath: string, options: { locale: 'en' | 'zh'; phone: boolean; thirdPartyCookies: 'allowed' | 'blocked' }): Promise<BrowserContext> {
  const { chromium } = createRequire(path.join(process.cwd(), 'package.json'))('playwright-core') as typeof import('playwright-core');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-lti-profile-'));
  mkdirSync(path.join(dir, 'Default'));
  const block = options.thirdPartyCookies === 'blocked';
  writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: block ? 1 : 0, block_third_party_cookies: block } }));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ...viewport(options.phone),
    locale: options.locale === 'zh' ? 'zh-CN' : 'en-US',
  });
  profiles.push({ dir, context });
  return context;
}

/** Profiles made by lmsBrowser: closed (also when a test failed before closing its own) and removed. */
const profiles: { dir: string; context: BrowserContext }[] = [];

async function closeLmsBrowsers(): Promise<void> {
  for (const { dir, context } of profiles.splice(0)) {
    await context.close().catch(() => undefined);
    // Chromium may still be writing its caches for a moment after the context has closed.
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

/** The session the page's browser holds at deltalab, as the site itself reads it. */
export async function sessionOf(page: Page, baseURL: string): Promise<{ user?: { id: string; name: string; email: string; role?: string } } | null> {
  const res = await page.request.get(`${baseURL}/api/auth/get-session`);
  return res.ok() ? ((await res.json()) as { user?: { id: string; name: string; email: string; role?: string } } | null) : null;
}

/** The deltalab account an LMS person was given, if any. */
export async function accountOf(db: Kysely<Database>, issuer: string, sub: string) {
  return db.selectFrom('lti_user').innerJoin('user', 'user.id', 'lti_user.user_id').select(['user.id', 'user.name', 'user.role']).where('lti_user.issuer', '=', issuer).where('lti_user.sub', '=', sub).executeTakeFirst();
}

/** The role a user holds in the offering made from this course. */
export async function courseRole(db: Kysely<Database>, courseTitle: string, userId: string) {
  const row = await db
    .selectFrom('offering_member')
    .innerJoin('offering', 'offering.id', 'offering_member.offering_id')
    .select(['offering_member.role', 'offering.id'])
    .where('offering.title', '=', courseTitle)
    .where('offering_member.user_id', '=', userId)
    .where('offering_member.deactivated_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export async function waitFor<T>(what: string, read: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
