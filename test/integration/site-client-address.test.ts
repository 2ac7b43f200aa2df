import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN, signUpStudent, startSite, useTempSiteEnv } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * The sign-in rate limit against header tricks (issue 11, F4), over real sockets: a real HTTP
 * server with the per-request hook of lib/site/client-address.ts (as `next start` has it through
 * instrumentation.ts) hands each request to the real auth route and better-auth, counting in the
 * real database. Clients connect from different loopback addresses (127.0.0.2, .3, …), so the
 * server sees distinct socket addresses.
 */

const env = useTempSiteEnv();
process.env.DELTALAB_SIGNIN_LIMIT = '5';
const PASSWORD = 'correct-horse-42';

let server: http.Server;
let port: number;

async function serve(): Promise<void> {
  const { handle } = await routeHandler();
  server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const response = await handle(new Request(`${ORIGIN}${req.url}`, { method: req.method, headers, body: body && new Uint8Array(body) }));
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

async function routeHandler() {
  const route = await import('../../app/api/auth/[...all]/route');
  return { handle: route.POST as (request: Request) => Promise<Response> };
}

/** POSTs a sign-in from `from` (a loopback address), with any extra headers the attacker likes. */
function signIn(from: string, email: string, password: string, extra: Record<string, string> = {}): Promise<number> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/auth/sign-in/email', method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', origin: ORIGIN, 'content-length': Buffer.byteLength(body), ...extra } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  await startSite();
  await signUpStudent('victim@example.com');
  await signUpStudent('other@example.com');
}, 60_000);

afterAll(async () => {
  const { uninstallClientAddressStamp } = await import('../../lib/site/client-address');
  uninstallClientAddressStamp();
  await new Promise((resolve) => server?.close(resolve));
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('without trusted proxies (the default)', () => {
  beforeAll(async () => {
    const { installClientAddressStamp } = await import('../../lib/site/client-address');
    installClientAddressStamp({});
    await serve();
  });

  it('keeps the lockout when the attacker rotates X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push(await signIn('127.0.0.2', 'victim@example.com', `guess-${i}-wrong`, { 'x-forwarded-for': `10.9.${i}.${i + 1}` }));
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    // 10 more guesses, each from a "new" address: all refused.
    expect(statuses.slice(5)).toEqual(Array(10).fill(429));
    // Even the right password is refused from there until the minute is over.
    expect(await signIn('127.0.0.2', 'victim@example.com', PASSWORD, { 'x-forwarded-for': '10.9.99.1' })).toBe(429);
  });

  it('cannot lock out another student by naming their address, alone or in a two-entry header', async () => {
    for (let i = 0; i < 6; i++) await signIn('127.0.0.2', 'victim@example.com', `wrong-${i}-again`, { 'x-forwarded-for': '127.0.0.3' });
    for (let i = 0; i < 6; i++) await signIn('127.0.0.2', 'victim@example.com', `wrong-${i}-again`, { 'x-forwarded-for': '127.0.0.3, 127.0.0.2' });
    for (let i = 0; i < 6; i++) await signIn('127.0.0.2', 'victim@example.com', `wrong-${i}-again`, { 'x-forwarded-for': '127.0.0.1, 10.0.0.1' });
    // The victim, from their own address, signs in.
    expect(await signIn('127.0.0.3', 'victim@example.com', PASSWORD)).toBe(200);
    // So does a third student sending a two-entry header of their own (no shared bucket).
    expect(await signIn('127.0.0.6', 'other@example.com', PASSWORD, { 'x-forwarded-for': '127.0.0.3, 127.0.0.2' })).toBe(200);
  });

  it('counts the socket address in the database', async () => {
    const { getDb } = await import('../../lib/db');
    const keys = (await (await getDb()).selectFrom('rateLimit').select('key').execute()).map((r) => r.key);
    expect(keys.some((k) => k.startsWith('127.0.0.2|'))).toBe(true);
    expect(keys.some((k) => k.startsWith('10.9.'))).toBe(false);
  });
});

describe('behind a trusted proxy (DELTALAB_TRUSTED_PROXIES)', () => {
  beforeAll(async () => {
    const { installClientAddressStamp, uninstallClientAddressStamp } = await import('../../lib/site/client-address');
    uninstallClientAddressStamp();
    installClientAddressStamp({ DELTALAB_TRUSTED_PROXIES: '127.0.0.4' });
  });

  it('keys on the address the proxy appended; what the client put before it changes nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await signIn('127.0.0.4', 'victim@example.com', `proxy-${i}-wrong`, { 'x-forwarded-for': `10.8.${i}.1, 198.51.100.7` }));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Another client behind the same proxy is not affected.
    expect(await signIn('127.0.0.4', 'victim@example.com', PASSWORD, { 'x-forwarded-for': '198.51.100.8' })).toBe(200);
    // A client that is not the proxy cannot claim the proxy's clients' addresses.
    expect(await signIn('127.0.0.5', 'victim@example.com', PASSWORD, { 'x-forwarded-for': '198.51.100.7' })).toBe(200);
  });
});
