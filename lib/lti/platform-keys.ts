import { createRemoteJWKSet } from 'jose';

/**
 * The platforms' public keys, fetched from their JWKS URLs and cached per URL by jose. A token
 * whose `kid` is not in the cached set makes jose fetch the set once more (no more often than the
 * cooldown); a kid still unknown after that refresh is refused.
 */
type KeySet = ReturnType<typeof createRemoteJWKSet>;
const sets = new Map<string, KeySet>();

function cooldownMs(): number {
  const v = Number(process.env.DELTALAB_LTI_JWKS_COOLDOWN_MS);
  return Number.isFinite(v) && v >= 0 && process.env.DELTALAB_LTI_JWKS_COOLDOWN_MS !== undefined ? v : 30_000;
}

export function platformKeySet(jwksUrl: string): KeySet {
  let set = sets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: cooldownMs(), cacheMaxAge: 60 * 60 * 1000, timeoutDuration: 5000 });
    sets.set(jwksUrl, set);
  }
  return set;
}

/** Forgets every cached set (tests that restart a platform on a new port). */
export function forgetPlatformKeys(): void {
  sets.clear();
}
