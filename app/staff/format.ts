/** Shared formatting of the staff pages: percentages and UTC times, the same on server and client. */
export function pct(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : `${Math.round(score * 1000) / 10}%`;
}

/** Points as the gradebook shows them: at most two decimals (partial credit gives fractions). */
export function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function utc(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
