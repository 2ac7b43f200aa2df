import { notFound } from 'next/navigation';
import { AccessError } from '../../lib/site/errors';

/**
 * A staff page's data, or the 404 page when the URL names nothing that exists (an unknown
 * student, exercise or run) or carries a value that cannot be one (400). Without this, the
 * refusal of lib/staff reached Next.js as an uncaught error and the page answered 500.
 */
export async function orNotFound<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AccessError && (err.status === 400 || err.status === 404)) notFound();
    throw err;
  }
}
