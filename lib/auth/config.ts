/**
 * Where the site is served, and which origins may post to it. `BETTER_AUTH_URL` (or `SITE_URL`)
 * names the public address; cookies are `Secure` exactly when it is https. `TRUSTED_ORIGINS`
 * (comma-separated) lists the origins allowed besides the site's own; without it, the local
 * development address http://localhost:3000 is the one extra.
 */
export function siteUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.BETTER_AUTH_URL ?? env.SITE_URL ?? `http://localhost:${env.PORT ?? 3000}`;
  return url.replace(/\/+$/, '');
}

export function trustedOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = (env.TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((o) => new URL(o).origin);
  const extra = listed.length > 0 ? listed : ['http://localhost:3000'];
  return [...new Set([new URL(siteUrl(env)).origin, ...extra])];
}
