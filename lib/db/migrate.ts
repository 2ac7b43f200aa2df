import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m001 from './migrations/001_initial';
import * as m002 from './migrations/002_quiz_attempts';
import * as m003 from './migrations/003_staff';
import * as m004 from './migrations/004_grading_workers';
import * as m005 from './migrations/005_grading_jobs';
import * as m006 from './migrations/006_offerings';
import * as m007 from './migrations/007_dates';
import * as m008 from './migrations/008_quiz_staff';
import * as m009 from './migrations/009_accounts';
import * as m011 from './migrations/011_lti';
import * as m013 from './migrations/013_overrides';
import * as m018 from './migrations/018_lti_staff';
import * as m022 from './migrations/022_embedded_sessions';
import * as m024 from './migrations/024_lti_deep_link_settings';

/** Every migration, in order. Migrations live in code so a build carries them; add, never edit. */
const MIGRATIONS: Record<string, Migration> = {
  '001_initial': m001,
  '002_quiz_attempts': m002,
  '003_staff': m003,
  '004_grading_workers': m004,
  '005_grading_jobs': m005,
  '006_offerings': m006,
  // Numbers 007–012 were handed out to parallel branches; each adds its own line here.
  '007_dates': m007,
  '008_quiz_staff': m008,
  '009_accounts': m009,
  '011_lti': m011,
  '013_overrides': m013,
  '018_lti_staff': m018,
  '022_embedded_sessions': m022,
  '024_lti_deep_link_settings': m024,
};

/** The site's migrator; tests use it to build a database as an older release left it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function siteMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'deltalab_migration',
    migrationLockTableName: 'deltalab_migration_lock',
    // Branches add migrations in parallel; a database that ran a later one first still gets the
    // earlier one when it lands, rather than refusing to start.
    allowUnorderedMigrations: true,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = siteMigrator(db);
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
