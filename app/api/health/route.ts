import { json } from '../../../lib/site/http';
import { health } from '../../../lib/site/metrics';

export const dynamic = 'force-dynamic';

/**
 * GET: 200 when this web server reaches the database and (on PostgreSQL) some grading worker has
 * sent a heartbeat in the last 30 s; 503 otherwise. Open to anyone on purpose (load balancers
 * probe it without credentials): it says nothing but those facts.
 */
export async function GET(): Promise<Response> {
  const state = await health();
  return json(state, state.ok ? 200 : 503);
}
