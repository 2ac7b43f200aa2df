// @ts-check

/**
 * Everything the site loads comes from its own origin (Monaco and KaTeX fonts included), so the
 * policy can forbid every other origin: learner code shown in the page, or a compromised
 * dependency, cannot send anything elsewhere. Next.js's inline bootstrap scripts need
 * 'unsafe-inline' without per-request nonces; the development server also needs eval.
 */
const dev = globalThis.process?.env.NODE_ENV === 'development';
const ltiFrameAncestors = (globalThis.process?.env.DELTALAB_LTI_FRAME_ANCESTORS ?? '').split(/\s+/).filter((o) => /^https?:\/\/[^\s;,']+$/.test(o));
const frameAncestors = ltiFrameAncestors.length > 0 ? ltiFrameAncestors.join(' ') : "'none'";
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${frameAncestors}`,
].join('; ');

/**
 * LTI (lib/lti): launches run inside the LMS's iframe, so the LMS origins listed (space-separated)
 * in DELTALAB_LTI_FRAME_ANCESTORS at build time may frame deltalab; without it no one may. The
 * LTI pages also post forms back to the LMS (deep linking), so their form-action allows it.
 */

/** The live-check worker (public/live/worker.js): no network, no other origin, no eval. */
const liveWorkerPolicy = "default-src 'none'; script-src blob:; worker-src 'none'; connect-src 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and process-spawning modules stay out of the server bundle; isolated-vm is never
  // loaded by the web server at all (learner code runs in sandbox child processes).
  // typescript (emits the editor's declarations from each starter) is large and needs no bundling.
  serverExternalPackages: ['better-sqlite3', 'pg', 'pg-boss', 'esbuild', 'isolated-vm', 'isolated-vm-7', 'tsx', 'typescript'],
  poweredByHeader: false,
  experimental: {
    // Request bodies: API routes read theirs themselves, after the session and with a cap
    // (lib/site/http.ts). Next.js buffers a copy of every body the proxy (proxy.ts: /staff,
    // /api/staff) sees, 10 MB by default, and parses server actions' bodies before they run: both
    // held to 1 MB, more than any staff form or route here takes.
    proxyClientMaxBodySize: '1mb',
    serverActions: { bodySizeLimit: '1mb' },
  },
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          // Superseded by frame-ancestors in every current browser; kept for old ones when not embeddable.
          ...(ltiFrameAncestors.length > 0 ? [] : [{ key: 'X-Frame-Options', value: 'DENY' }]),
        ],
      },
      {
        source: '/api/lti/:path*',
        headers: [{ key: 'Content-Security-Policy', value: contentSecurityPolicy.replace("form-action 'self'", "form-action 'self' https: http://localhost:* http://127.0.0.1:*") }],
      },
      {
        // The live-check worker runs learner code: its own policy (a worker's CSP comes from its
        // script's response) allows no request at all, only the blob: modules it makes from the
        // code. Listed after the site policy, so this one replaces it for these files.
        source: '/live/:path*',
        headers: [{ key: 'Content-Security-Policy', value: liveWorkerPolicy }],
      },
    ];
  },
};

export default nextConfig;
