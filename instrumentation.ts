/**
 * Runs once when the server starts, before it takes requests: migrate and seed the database, warm
 * the grader pool and re-grade submissions a crash left unfinished (see lib/site/startup.ts).
 * Not during `next build`: a build must not create the database or print first-start credentials.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Before any request: X-Forwarded-For is replaced by the address this server vouches for.
  const { installClientAddressStamp } = await import('./lib/site/client-address');
  try {
    installClientAddressStamp();
  } catch (err) {
    // A malformed DELTALAB_TRUSTED_PROXIES: stop now rather than answer every request with 500.
    console.error(`[deltalab] ${(err as Error).message}`);
    process.exit(1);
  }
  // The live checks' examples (computed in a child process) are ready before the first exercise page.
  const { warmLiveExamples } = await import('./lib/site/live-examples');
  warmLiveExamples();
  const { ensureSitePrepared } = await import('./lib/site/startup');
  await ensureSitePrepared();
}
