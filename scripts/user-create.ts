/**
 * Creates an account from the command line:
 *
 *   npm run user:create -- --email ta@example.com --role staff [--name "Ada"] [--password …]
 *
 * Roles: student, instructor, staff. Without --password a random one is generated and printed.
 * Uses the same database as the server (DATABASE_PATH / DATABASE_URL, default ./data/).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { getAuth } from '../lib/auth/auth';
import { createAccount } from '../lib/auth/users';
import { ROLES, type Role } from '../lib/auth/roles';
import { closeDb, getDb } from '../lib/db';
import { prepareSite } from '../lib/site/startup';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string', default: 'student' },
    name: { type: 'string' },
    password: { type: 'string' },
  },
});

if (!values.email || !(ROLES as readonly string[]).includes(values.role ?? '')) {
  console.error(`usage: npm run user:create -- --email <address> --role <${ROLES.join('|')}> [--name <name>] [--password <password>]`);
  process.exit(2);
}

await prepareSite({ recover: false });
const password = values.password ?? randomBytes(9).toString('base64url');
try {
  const account = await createAccount(await getAuth(), await getDb(), {
    email: values.email,
    password,
    name: values.name ?? values.email.split('@')[0]!,
    role: values.role as Role,
  });
  console.log(`created ${account.role} ${account.email}${values.password ? '' : ` with password ${password}`}`);
} catch (err) {
  console.error(`could not create the account: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
