import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP, type Socket } from 'node:net';

/**
 * Which address a request comes from, for the sign-in rate limit (better-auth keys it on
 * `X-Forwarded-For`). Any client can send `X-Forwarded-For`; Next.js fills it with the socket's
 * address only when the client did not. So, on every request, before Next.js sees it, the header
 * is replaced by one address this server vouches for:
 *
 * - the socket's peer, unless the peer is a trusted proxy (`DELTALAB_TRUSTED_PROXIES`,
 *   comma-separated addresses or CIDR ranges; default: none);
 * - when the peer is a trusted proxy, the header's addresses are walked from the right (the
 *   nearest hop first), trusted proxies skipped, and the first untrusted one is the client.
 *
 * A client therefore cannot pick its rate-limit bucket (rotating the header changes nothing) nor
 * land in someone else's (a two-entry header is not a shared bucket: it is ignored).
 *
 * The replacement happens in `http.server.request.start`, a Node.js diagnostics channel published
 * for every request before the server's handler runs (installed from instrumentation.ts). It also
 * sets `x-deltalab-peer-checked` to a random token of this process; the auth route passes
 * `X-Forwarded-For` on only when the token is there (a request that did not go through the hook:
 * see `vouchedForwardedFor`).
 */

export const CHECKED_HEADER = 'x-deltalab-peer-checked';

export function parseTrustedProxies(setting: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (setting ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (family === 0 || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128) || (prefix !== undefined && !/^\d+$/.test(prefix))) {
      throw new Error(`DELTALAB_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)`);
    }
    list.addSubnet(address!, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; anything that is not an IP address → null. */
export function normalizeAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  let v = value.trim();
  if (v.startsWith('[') && v.endsWith(']')) v = v.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  if (mapped) v = mapped[1]!;
  return isIP(v) === 0 ? null : v.toLowerCase();
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the peer, or, when the peer is a trusted proxy, the nearest untrusted
 * address of `forwardedFor`. Null when the chain has nothing usable (a trusted proxy sent
 * garbage or only trusted hops).
 */
export function resolveClientAddress(peer: string | undefined | null, forwardedFor: string | string[] | undefined, trusted: BlockList): string | null {
  const direct = normalizeAddress(peer);
  if (!direct) return null;
  if (!isTrusted(trusted, direct)) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) return null;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return null;
}

type Stamp = { token: string; trusted: BlockList; listener: (message: unknown) => void };
const KEY = Symbol.for('deltalab.client-address-stamp');
type Holder = { [KEY]?: Stamp };

/** Installs the hook once per process (instrumentation.ts); reads DELTALAB_TRUSTED_PROXIES. */
export function installClientAddressStamp(env: Record<string, string | undefined> = process.env): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  const stamp: Stamp = {
    token: randomUUID(),
    trusted: parseTrustedProxies(env.DELTALAB_TRUSTED_PROXIES),
    listener: (message) => {
      const { request, socket } = message as { request: IncomingMessage; socket: Socket };
      const client = resolveClientAddress(socket?.remoteAddress, request.headers['x-forwarded-for'], stamp.trusted);
      if (client) request.headers['x-forwarded-for'] = client;
      else delete request.headers['x-forwarded-for'];
      request.headers[CHECKED_HEADER] = stamp.token;
    },
  };
  holder[KEY] = stamp;
  diagnostics.subscribe('http.server.request.start', stamp.listener);
}

/** For tests: remove the hook. */
export function uninstallClientAddressStamp(): void {
  const holder = globalThis as Holder;
  const stamp = holder[KEY];
  if (!stamp) return;
  diagnostics.unsubscribe('http.server.request.start', stamp.listener);
  delete holder[KEY];
}

/**
 * Request headers for better-auth: `X-Forwarded-For` kept only when this process's hook vouched
 * for it. Without the hook (a server started some other way) every client shares one bucket per
 * path: nobody can get around the limit, at the price of a noisy neighbour; a warning says so.
 */
export function vouchedForwardedFor(headers: Headers): Headers {
  const stamp = (globalThis as Holder)[KEY];
  const out = new Headers(headers);
  const vouched = stamp !== undefined && headers.get(CHECKED_HEADER) === stamp.token;
  out.delete(CHECKED_HEADER);
  if (!vouched) {
    out.delete('x-forwarded-for');
    warnOnce();
  }
  return out;
}

let warned = false;
function warnOnce(): void {
  if (warned) return;
  warned = true;
  console.warn('[deltalab] the client address of a request could not be vouched for (the server was not started with `next start`/`npm start`): sign-in rate limits share one bucket');
}
