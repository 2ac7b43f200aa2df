/** A refusal of the data access layer, with the HTTP status a route answers it with. */
export class AccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429 | 503,
    message: string,
  ) {
    super(message);
  }
}
