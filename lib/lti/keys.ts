import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * deltalab's own signing keys (RS256, as LTI's Security Framework requires). Made on first use and
 * stored, so every process and restart signs with the same key. Rotation makes a new current key
 * and retires the old one; a retired key stays in the JWKS for a grace period, long enough for
 * platforms that cached the old set to still check what was signed just before the rotation.
 */
export const KEY_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

export interface ToolKey {
  kid: string;
  privateKey: CryptoKey;
}

async function createKey(db: Kysely<Database>, now: number): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const kid = randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  await db
    .insertInto('lti_key')
    .values({ kid, private_jwk: JSON.stringify(priv), public_jwk: JSON.stringify(pub), created_at: now, retired_at: null })
    .execute();
  return kid;
}

/** The key deltalab signs with now; made when there is none. */
export async function currentKey(db: Kysely<Database>, now = Date.now()): Promise<ToolKey> {
  let row = await db.selectFrom('lti_key').selectAll().where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('kid').executeTakeFirst();
  if (!row) {
    await createKey(db, now);
    // Two processes may both have made one: every process then picks the same (newest) row.
    row = await db.selectFrom('lti_key').selectAll().where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('kid').executeTakeFirstOrThrow();
  }
  const privateKey = (await importJWK(JSON.parse(row.private_jwk) as JWK, 'RS256')) as CryptoKey;
  return { kid: row.kid, privateKey };
}

/** Retires every current key and makes a new one; returns the new kid. */
export async function rotateKey(db: Kysely<Database>, now = Date.now()): Promise<string> {
  await db.updateTable('lti_key').set({ retired_at: now }).where('retired_at', 'is', null).execute();
  return createKey(db, now);
}

/** The public keys platforms may check deltalab's messages with: current ones and recently retired. */
export async function publishedKeys(db: Kysely<Database>, now = Date.now(), graceMs = KEY_GRACE_MS): Promise<{ keys: JWK[] }> {
  await currentKey(db, now);
  const rows = await db
    .selectFrom('lti_key')
    .select(['public_jwk'])
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now - graceMs)]))
    .orderBy('created_at', 'desc')
    .execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}
