import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';

/** A platform (LMS) registration: what the LMS's administrator told deltalab about it. */
export const PlatformInput = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: z.url().max(500),
  clientId: z.string().trim().min(1).max(500),
  deploymentIds: z.array(z.string().trim().min(1).max(500)).min(1).max(50),
  authUrl: z.url().max(1000),
  tokenUrl: z.url().max(1000),
  jwksUrl: z.url().max(1000),
});
export type PlatformInput = z.infer<typeof PlatformInput>;

export interface Platform extends PlatformInput {
  id: string;
  createdAt: number;
}

type Row = Database['lti_platform'];

function toPlatform(row: Row): Platform {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    deploymentIds: JSON.parse(row.deployment_ids) as string[],
    authUrl: row.auth_url,
    tokenUrl: row.token_url,
    jwksUrl: row.jwks_url,
    createdAt: Number(row.created_at),
  };
}

export async function registerPlatform(db: Kysely<Database>, input: PlatformInput): Promise<Platform> {
  const p = PlatformInput.parse(input);
  const row: Row = {
    id: newId(),
    name: p.name,
    issuer: p.issuer,
    client_id: p.clientId,
    deployment_ids: JSON.stringify(p.deploymentIds),
    auth_url: p.authUrl,
    token_url: p.tokenUrl,
    jwks_url: p.jwksUrl,
    created_at: Date.now(),
  };
  await db.insertInto('lti_platform').values(row).execute();
  return toPlatform(row);
}

export async function listPlatforms(db: Kysely<Database>): Promise<Platform[]> {
  const rows = await db.selectFrom('lti_platform').selectAll().orderBy('created_at').execute();
  return rows.map(toPlatform);
}

export async function getPlatform(db: Kysely<Database>, id: string): Promise<Platform | undefined> {
  const row = await db.selectFrom('lti_platform').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPlatform(row) : undefined;
}

/**
 * The registration a login initiation names. `client_id` is optional in the initiation (Core §5.1.1);
 * without it the issuer must name exactly one registration.
 */
export async function findPlatform(db: Kysely<Database>, issuer: string, clientId?: string): Promise<Platform | undefined> {
  let q = db.selectFrom('lti_platform').selectAll().where('issuer', '=', issuer);
  if (clientId) q = q.where('client_id', '=', clientId);
  const rows = await q.limit(2).execute();
  return rows.length === 1 ? toPlatform(rows[0]!) : undefined;
}

/** Changes a registration's values (a registration's id, and so its contexts and links, stay). */
export async function updatePlatform(db: Kysely<Database>, id: string, input: PlatformInput): Promise<Platform | undefined> {
  const p = PlatformInput.parse(input);
  const res = await db
    .updateTable('lti_platform')
    .set({ name: p.name, issuer: p.issuer, client_id: p.clientId, deployment_ids: JSON.stringify(p.deploymentIds), auth_url: p.authUrl, token_url: p.tokenUrl, jwks_url: p.jwksUrl })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? getPlatform(db, id) : undefined;
}

/**
 * Removes a registration; its logins, contexts, resource links and queued scores go with it (the
 * foreign keys cascade). People it created stay, with their work: they can still sign in.
 */
export async function removePlatform(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Deleted explicitly too, so SQLite databases opened without foreign-key enforcement match.
    for (const table of ['lti_score_outbox', 'lti_deep_link', 'lti_resource_link', 'lti_context', 'lti_login'] as const) {
      await trx.deleteFrom(table).where('platform_id', '=', id).execute();
    }
    const res = await trx.deleteFrom('lti_platform').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  });
}
