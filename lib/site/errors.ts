/** A refusal of the data access layer, with the HTTP status a route answers it with. */
export class AccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429 | 503,
    message: string,
    /** For 429 (and 503): seconds after which trying again can succeed, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
