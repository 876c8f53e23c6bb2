/**
 * Content types matched exactly (RFC 9110 §8.3.1), never as a prefix: `application/json-patch+json`,
 * `application/jsonp` and `application/json; charset=utf-16` are not JSON to us. Type and parameter
 * names are case-insensitive and spaces around `;` and `=` are allowed; anything malformed is no match.
 */
export interface MediaType {
  type: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const [essence, ...rest] = header.split(';');
  const [type, subtype, extra] = essence!.trim().split('/');
  if (extra !== undefined || !type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const params: Record<string, string> = {};
  for (const raw of rest) {
    if (!raw.trim()) return undefined;
    const eq = raw.indexOf('=');
    if (eq < 0) return undefined;
    const name = raw.slice(0, eq).trim().toLowerCase();
    let value = raw.slice(eq + 1).trim();
    if (/^"[^"\\]*"$/.test(value)) value = value.slice(1, -1);
    else if (!TOKEN.test(value)) return undefined;
    if (!TOKEN.test(name) || name in params) return undefined;
    params[name] = value;
  }
  return { type: `${type}/${subtype}`.toLowerCase(), params };
}

/**
 * True when the header names exactly `expected`, with no parameter but `charset=utf-8` (any case);
 * `allow` names further parameters that may be present (e.g. `boundary` for multipart).
 */
export function isMediaType(header: string | undefined, expected: string, allow: readonly string[] = []): boolean {
  const media = parseMediaType(header);
  if (!media || media.type !== expected.toLowerCase()) return false;
  return Object.entries(media.params).every(([name, value]) => (name === 'charset' ? value.toLowerCase() === 'utf-8' : allow.includes(name)));
}
