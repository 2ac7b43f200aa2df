import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/**
 * A test LMS that follows the 1EdTech specifications, served on localhost: its own RS256 key pair
 * and JWKS (LTI Security Framework §6), the OIDC authorization endpoint answering a third-party
 * login with an auto-posted id_token (Core §5.1.1), the OAuth2 token endpoint taking a
 * client-credentials grant with a JWT assertion (RFC 7523, SF §4.1), AGS line items and their
 * `/scores` (AGS 2.0 §3.4), NRPS memberships paged by `Link` headers (NRPS 2.0 §2.4), and a deep
 * linking return URL that verifies the tool's signed response (DL 2.0 §4.2).
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface PlatformMember {
  user_id: string;
  roles: string[];
  name?: string;
  email?: string;
  status?: 'Active' | 'Inactive' | 'Deleted';
}

export interface ReceivedScore {
  lineItem: string;
  body: Record<string, unknown>;
  contentType: string | undefined;
}

export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
}

export class TestPlatform {
  readonly clientId = 'deltalab-client';
  readonly deploymentId = 'deployment-1';
  readonly contextId = 'course-101';
  server!: http.Server;
  url = '';
  private keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK }[] = [];
  /** How often the JWKS was read (a refresh on an unknown kid is one more). */
  jwksFetches = 0;
  /** Answer 503 on the AGS and token endpoints, as an LMS that is down. */
  down = false;
  scores: ReceivedScore[] = [];
  lineItems: LineItem[] = [];
  members: PlatformMember[] = [];
  pageSize = 2;
  tokensIssued = 0;
  deepLinkResponses: JWTPayload[] = [];
  /** Where the tool publishes its keys, for verifying its assertions and deep linking responses. */
  toolJwks: (() => Promise<{ keys: JWK[] }>) | string | null = null;
  /** What the authorization endpoint puts in the id_token it makes, per login_hint. */
  launchFor: (loginHint: string, messageHint: string | undefined) => Record<string, unknown> = () => ({});
  private tokens = new Map<string, { scope: string[]; expires: number }>();

  get issuer(): string {
    return this.url;
  }

  async start(): Promise<this> {
    await this.addKey();
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A new signing key; the old ones stay published. */
  async addKey(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    this.keys.unshift({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } });
    return kid;
  }

  registration() {
    return {
      name: 'Test LMS',
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      authUrl: `${this.url}/auth`,
      tokenUrl: `${this.url}/token`,
      jwksUrl: `${this.url}/jwks`,
    };
  }

  /** The claims of a resource link launch as in LTI Core 1.3's example. */
  claims(nonce: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      nonce,
      sub: 'student-1',
      name: 'Ada Student',
      email: 'ada@lms.example',
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: this.deploymentId,
      [`${LTI}target_link_uri`]: 'http://localhost:3000/api/lti/launch',
      [`${LTI}resource_link`]: { id: 'link-1', title: 'Sigmoid prime' },
      [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${LTI}context`]: { id: this.contextId, label: 'NN101', title: 'Neural networks' },
      [`${LTI}custom`]: { deltalab_item: 'exercise:sigmoid-prime' },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${this.url}/lineitems`,
        lineitem: `${this.url}/lineitems/1`,
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: `${this.url}/memberships`,
        service_versions: ['2.0'],
      },
      ...extra,
    };
  }

  /** Signs an id_token; `options` bends it into the refusals the tests need. */
  async idToken(claims: Record<string, unknown>, options: { kid?: string; key?: CryptoKey; aud?: string | string[]; iss?: string; iatOffsetS?: number; expOffsetS?: number } = {}): Promise<string> {
    const key = this.keys[0]!;
    const now = Math.floor(Date.now() / 1000) + (options.iatOffsetS ?? 0);
    return new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? key.kid, typ: 'JWT' })
      .setIssuer(options.iss ?? this.issuer)
      .setAudience(options.aud ?? this.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expOffsetS ?? 300))
      .sign(options.key ?? key.privateKey);
  }

  private toolKeySet() {
    if (!this.toolJwks) throw new Error('toolJwks not set');
    if (typeof this.toolJwks === 'string') return createRemoteJWKSet(new URL(this.toolJwks));
    const get = this.toolJwks;
    return async (...args: Parameters<ReturnType<typeof createLocalJWKSet>>) => createLocalJWKSet(await get())(...args);
  }

  private bearer(req: http.IncomingMessage, scope: string): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = m ? this.tokens.get(m[1]!) : undefined;
    return !!token && token.expires > Date.now() && token.scope.includes(scope);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString()));
      req.on('end', () => resolve(s));
    });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    };

    if (url.pathname === '/jwks') {
      this.jwksFetches++;
      return json(200, { keys: this.keys.map((k) => k.publicJwk) });
    }

    if (url.pathname === '/auth') {
      // OIDC authentication request (Core §5.1.1.2): only form_post of an id_token, to a known client.
      const q = url.searchParams;
      const wrong = ['scope=openid', 'response_type=id_token', 'response_mode=form_post', 'prompt=none'].find((p) => {
        const [k, v] = p.split('=');
        return q.get(k!) !== v;
      });
      if (wrong || q.get('client_id') !== this.clientId || !q.get('nonce') || !q.get('state') || !q.get('redirect_uri')) {
        return json(400, { error: 'invalid_request', wrong });
      }
      const idToken = await this.idToken(this.claims(q.get('nonce')!, this.launchFor(q.get('login_hint') ?? '', q.get('lti_message_hint') ?? undefined)));
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><form id="f" method="post" action="${esc(q.get('redirect_uri')!)}"><input type="hidden" name="id_token" value="${esc(idToken)}"><input type="hidden" name="state" value="${esc(q.get('state')!)}"></form><script>document.getElementById('f').submit()</script>`,
      );
      return;
    }

    if (url.pathname === '/token' && req.method === 'POST') {
      if (this.down) return json(503, { error: 'temporarily_unavailable' });
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return json(400, { error: 'unsupported_grant_type' });
      }
      try {
        await jwtVerify(form.get('client_assertion') ?? '', this.toolKeySet(), { issuer: this.clientId, subject: this.clientId, audience: `${this.url}/token` });
      } catch (err) {
        return json(401, { error: 'invalid_client', error_description: (err as Error).message });
      }
      const token = randomUUID();
      const scope = (form.get('scope') ?? '').split(' ').filter(Boolean);
      this.tokens.set(token, { scope, expires: Date.now() + 3600_000 });
      this.tokensIssued++;
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scope.join(' ') });
    }

    const scores = /^\/lineitems\/([^/]+)\/scores$/.exec(url.pathname);
    if (scores && req.method === 'POST') {
      if (this.down) return json(503, { error: 'down' });
      if (!this.bearer(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/score')) return json(401, { error: 'unauthorized' });
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return json(415, { error: 'media type' });
      this.scores.push({ lineItem: `${this.url}/lineitems/${scores[1]}`, body: JSON.parse(body) as Record<string, unknown>, contentType: req.headers['content-type'] });
      return json(200, {});
    }

    if (url.pathname === '/memberships') {
      if (!this.bearer(req, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')) return json(401, { error: 'unauthorized' });
      if (!String(req.headers.accept ?? '').includes('application/vnd.ims.lti-nrps.v2.membershipcontainer+json')) return json(406, { error: 'accept' });
      const page = Number(url.searchParams.get('page') ?? '0');
      const slice = this.members.slice(page * this.pageSize, (page + 1) * this.pageSize);
      const more = (page + 1) * this.pageSize < this.members.length;
      const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' };
      if (more) headers.link = `<${this.url}/memberships?page=${page + 1}>; rel="next"`;
      return json(200, { id: `${this.url}/memberships`, context: { id: this.contextId, title: 'Neural networks' }, members: slice.map((m) => ({ status: 'Active', ...m })) }, headers);
    }

    if (url.pathname === '/deep-link-return' && req.method === 'POST') {
      const jwt = new URLSearchParams(body).get('JWT') ?? '';
      try {
        const { payload } = await jwtVerify(jwt, this.toolKeySet(), { issuer: this.clientId, audience: this.issuer });
        this.deepLinkResponses.push(payload);
        const items = (payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[] | undefined) ?? [];
        // The platform makes a line item for each resource link that asks for one (DL 2.0 §3.4.1.1).
        for (const item of items) {
          const li = item.lineItem as { scoreMaximum: number; label?: string } | undefined;
          if (item.type === 'ltiResourceLink' && li) this.lineItems.push({ id: `${this.url}/lineitems/${this.lineItems.length + 1}`, label: li.label ?? String(item.title), scoreMaximum: li.scoreMaximum });
        }
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><p id="dl-done">Received ${items.length} item(s)</p>`);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/html' }).end(`<p>bad deep linking response: ${String((err as Error).message)}</p>`);
      }
      return;
    }

    json(404, { error: 'not found' });
  }
}
