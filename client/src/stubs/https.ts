// Browser stand-in for firebase-functions/v2/https, bundled only for functions/src/core/errors.ts:
// its schemas' DomainError lives there beside httpsErrorOf (the server's wire mapping), which
// the client never calls. Everything else server-only still fails the client build.
export class HttpsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
