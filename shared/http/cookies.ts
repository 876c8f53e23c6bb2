/**
 * A cookie's value from the request (API Gateway v2 hands cookies over as `name=value` strings).
 * No dependencies, so the small link functions can use it without the staff session's JWT code.
 */
export function cookieValue(cookies: readonly string[] | undefined, name: string): string | undefined {
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0 && cookie.slice(0, eq).trim() === name) return cookie.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
