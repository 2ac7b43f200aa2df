import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECKED_HEADER,
  installClientAddressStamp,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
  uninstallClientAddressStamp,
  vouchedForwardedFor,
} from '../../../lib/site/client-address';

describe('resolveClientAddress', () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies('10.0.0.5, 192.168.1.0/24, fd00::/8');

  it.each([
    ['no trusted proxy: the peer, whatever the header says', '203.0.113.7', '1.2.3.4', none, '203.0.113.7'],
    ['no trusted proxy: a two-entry header is ignored', '203.0.113.7', '198.51.100.1, 203.0.113.9', none, '203.0.113.7'],
    ['IPv4-mapped peer', '::ffff:203.0.113.7', undefined, none, '203.0.113.7'],
    ['untrusted peer with proxies configured', '203.0.113.7', '1.2.3.4', proxies, '203.0.113.7'],
    ['trusted proxy: the nearest untrusted hop', '10.0.0.5', '6.6.6.6, 198.51.100.1', proxies, '198.51.100.1'],
    ['trusted proxy chain: trusted hops skipped', '10.0.0.5', '6.6.6.6, 198.51.100.1, 192.168.1.20', proxies, '198.51.100.1'],
    ['trusted proxy, IPv6 client', '::ffff:10.0.0.5', '2001:db8::1', proxies, '2001:db8::1'],
    ['trusted proxy, header as several lines', '10.0.0.5', ['6.6.6.6', '198.51.100.2'], proxies, '198.51.100.2'],
  ] as const)('%s', (_name, peer, header, trusted, expected) => {
    expect(resolveClientAddress(peer, header as string | string[] | undefined, trusted)).toBe(expected);
  });

  it('gives nothing when a trusted proxy sends no usable address (never the attacker’s pick)', () => {
    expect(resolveClientAddress('10.0.0.5', undefined, proxies)).toBeNull();
    expect(resolveClientAddress('10.0.0.5', '192.168.1.3', proxies)).toBeNull();
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4, not-an-ip', proxies)).toBeNull();
    expect(resolveClientAddress(undefined, '1.2.3.4', none)).toBeNull();
  });

  it('refuses a setting that is not an address or range, loudly', () => {
    for (const bad of ['example.com', '10.0.0.0/33', '10.0.0.1/8/2', '10.0.0.0/x', '::1/129']) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/DELTALAB_TRUSTED_PROXIES/);
    }
    expect(normalizeAddress('[::1]')).toBe('::1');
    expect(normalizeAddress('nope')).toBeNull();
  });
});

describe('the per-request hook (http.server.request.start)', () => {
  afterEach(() => uninstallClientAddressStamp());

  /** A real HTTP server that answers with the headers its handler saw. */
  async function seen(headers: Record<string, string>, localAddress: string): Promise<Record<string, string>> {
    const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      return await new Promise((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, localAddress, headers }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(JSON.parse(text) as Record<string, string>));
          })
          .on('error', reject);
      });
    } finally {
      server.close();
    }
  }

  it('replaces a forged X-Forwarded-For by the socket address and vouches for it', async () => {
    installClientAddressStamp({});
    const headers = await seen({ 'x-forwarded-for': '1.2.3.4, 5.6.7.8', [CHECKED_HEADER]: 'forged' }, '127.0.0.2');
    expect(headers['x-forwarded-for']).toBe('127.0.0.2');
    expect(headers[CHECKED_HEADER]).not.toBe('forged');
    const vouched = vouchedForwardedFor(new Headers(headers));
    expect(vouched.get('x-forwarded-for')).toBe('127.0.0.2');
    expect(vouched.has(CHECKED_HEADER)).toBe(false);
  });

  it('behind a trusted proxy, takes the address the proxy reported', async () => {
    installClientAddressStamp({ DELTALAB_TRUSTED_PROXIES: '127.0.0.4' });
    expect((await seen({ 'x-forwarded-for': '6.6.6.6, 198.51.100.1' }, '127.0.0.4'))['x-forwarded-for']).toBe('198.51.100.1');
    // The same header from a client that is not the proxy counts for nothing.
    expect((await seen({ 'x-forwarded-for': '6.6.6.6, 198.51.100.1' }, '127.0.0.5'))['x-forwarded-for']).toBe('127.0.0.5');
  });

  it('drops X-Forwarded-For of a request the hook did not see (a forged token does not help)', () => {
    installClientAddressStamp({});
    const forged = vouchedForwardedFor(new Headers({ 'x-forwarded-for': '1.2.3.4', [CHECKED_HEADER]: 'guess' }));
    expect(forged.has('x-forwarded-for')).toBe(false);
    uninstallClientAddressStamp();
    expect(vouchedForwardedFor(new Headers({ 'x-forwarded-for': '1.2.3.4' })).has('x-forwarded-for')).toBe(false);
  });
});
