/** Bound parameters per statement stay well below what SQLite and PostgreSQL accept. */
export const CHUNK = 500;

/** A long list of ids cut into lists short enough for one `in (…)` each. */
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
