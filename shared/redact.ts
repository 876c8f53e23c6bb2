/**
 * Credentials never reach a log: an emailed link's token in a `/l/<token>` path, a Bearer token, a
 * session or link cookie, or anything shaped like a JWT. Used by the Powertools logger (shared/logger.ts)
 * and the local gateway's request log (infra/local/gateway.ts).
 */
export const REDACTED = '[redacted]';

/** Header and field names whose whole value is a credential. */
const SECRET_KEYS = /^(authorization|cookie|cookies|set-cookie|x-amz-security-token)$/i;

/**
 * `/l/<segment>`: a link token (43 base64url characters) is redacted; the link pages' own short names
 * (`/l/pdf`, `/l/report`…) are not, so a log still says which page was asked for.
 */
const LINK_PATH = /(\/l\/)([^/?#\s"']+)/g;
const isLinkPageName = (segment: string) => /^[a-z-]{1,15}$/.test(segment);
const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;
const COOKIE = /\b(cv_[a-z_]+=)[^;\s"',]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

export function redactSecrets(text: string): string {
  return text
    .replace(LINK_PATH, (whole, prefix: string, segment: string) => (isLinkPageName(segment) ? whole : `${prefix}${REDACTED}`))
    .replace(BEARER, `$1${REDACTED}`)
    .replace(COOKIE, `$1${REDACTED}`)
    .replace(JWT, REDACTED);
}

/** A JSON.stringify replacer (as Powertools' `jsonReplacerFn`): secret fields go whole, strings are redacted. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key && SECRET_KEYS.test(key) && value !== undefined && value !== null) return REDACTED;
  return typeof value === 'string' ? redactSecrets(value) : value;
}

/** An error with the same name, and message and stack redacted (for loggers that print the stack). */
export function redactError(error: Error): Error {
  const copy = new Error(redactSecrets(error.message));
  copy.name = error.name;
  copy.stack = redactSecrets(error.stack ?? `${error.name}: ${error.message}`);
  return copy;
}
