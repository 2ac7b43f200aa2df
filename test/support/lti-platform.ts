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

/** A resource link the platform made from a deep linking content item (DL 2.0 §3.4.1). */
export interface PlacedLink {
  id: string;
  title: string;
  url: string;
  custom: Record<string, string>;
  lineItem: LineItem | null;
}

export interface IdTokenOptions {
  kid?: string;
  key?: CryptoKey;
  aud?: string | string[];
  iss?: string;
  iatOffsetS?: number;
  expOffsetS?: number;
}

/** How the authorization endpoint bends its answer for one login (the refusal tests). */
export interface Bend {
  token?: IdTokenOptions;
  /** Post this state instead of the one deltalab sent. */
  state?: string;
  /** Post this id_token verbatim (a replay of an earlier one). */
  idToken?: string;
  /** Claims added to (or replacing) those of the launch. */
  claims?: Record<string, unknown>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A page that posts `fields` to `action` as soon as it loads (how an LMS sends a browser on). */
function autoPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return `<!doctype html><form id="f" method="post" action="${esc(action)}">${inputs}</form><script>document.getElementById('f').submit()</script>`;
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
  /** The deep linking responses as posted (compact JWTs), beside their verified payloads. */
  deepLinkJwts: string[] = [];
  links: PlacedLink[] = [];
  /** Every id_token the authorization endpoint posted, newest last (to replay one). */
  posted: { idToken: string; state: string }[] = [];
  /** deltalab's base URL, for the platform's launch pages (login initiation). */
  toolUrl = '';
  /** Per login_hint: how the authorization endpoint bends its answer. */
  bend: (loginHint: string) => Bend | undefined = () => undefined;
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
      [`${LTI}target_link_uri`]: `${this.toolUrl || 'http://localhost:3000'}/api/lti/launch`,
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
  async idToken(claims: Record<string, unknown>, options: IdTokenOptions = {}): Promise<string> {
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
      const hint = q.get('login_hint') ?? '';
      const bend = this.bend(hint) ?? {};
      const idToken = bend.idToken ?? (await this.idToken(this.claims(q.get('nonce')!, { ...this.launchFor(hint, q.get('lti_message_hint') ?? undefined), ...bend.claims }), bend.token));
      const state = bend.state ?? q.get('state')!;
      this.posted.push({ idToken, state });
      res.writeHead(200, { 'content-type': 'text/html' }).end(autoPost(q.get('redirect_uri')!, { id_token: idToken, state }));
      return;
    }

    if (url.pathname === '/launch') {
      // A link in the LMS course: third-party initiated login (Core §5.1.1), posted or redirected.
      const params: Record<string, string> = {
        iss: this.issuer,
        login_hint: url.searchParams.get('hint') ?? 'student-1',
        target_link_uri: `${this.toolUrl}/api/lti/launch`,
        lti_message_hint: url.searchParams.get('message') ?? 'resource',
        client_id: this.clientId,
        lti_deployment_id: this.deploymentId,
      };
      const login = `${this.toolUrl}/api/lti/login`;
      if (url.searchParams.get('method') === 'get') {
        res.writeHead(302, { location: `${login}?${new URLSearchParams(params)}` }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(autoPost(login, params));
      return;
    }

    if (url.pathname === '/course') {
      // The LMS's course page, with the tool in an iframe (as Canvas, Moodle and Blackboard embed it).
      const src = `${this.url}/launch?${url.searchParams}`;
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test LMS course</title><style>body{margin:0;font-family:sans-serif}header{padding:.5rem 1rem;background:#234;color:#fff}iframe{border:0;width:100%;height:calc(100vh - 2.5rem)}</style></head><body><header>Test LMS · Neural networks</header><iframe id="tool" title="deltalab" src="${esc(src)}"></iframe></body></html>`);
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
        this.deepLinkJwts.push(jwt);
        const items = (payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[] | undefined) ?? [];
        // The platform makes a line item for each resource link that asks for one (DL 2.0 §3.4.1.1).
        for (const item of items) {
          if (item.type !== 'ltiResourceLink') continue;
          const li = item.lineItem as { scoreMaximum: number; label?: string } | undefined;
          const linkId = `link-${this.links.length + 1}`;
          let lineItem: LineItem | null = null;
          if (li) {
            lineItem = { id: `${this.url}/lineitems/${this.lineItems.length + 1}`, label: li.label ?? String(item.title), scoreMaximum: li.scoreMaximum, resourceLinkId: linkId };
            this.lineItems.push(lineItem);
          }
          this.links.push({ id: linkId, title: String(item.title), url: String(item.url ?? ''), custom: (item.custom as Record<string, string> | undefined) ?? {}, lineItem });
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
