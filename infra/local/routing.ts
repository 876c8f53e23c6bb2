/**
 * Route matching with API Gateway HTTP API rules: `{name}` matches one path segment, a final `{name+}`
 * matches the rest, and a more specific route (literal segments before variables) wins over a generic one.
 * A path that matches only with another method is a 404, as in API Gateway (HTTP APIs have no 405).
 */
export interface RouteTemplate {
  readonly method: string;
  readonly path: string;
}

export interface RouteMatch<R extends RouteTemplate> {
  route: R;
  /** URL-decoded values, keyed by variable name; undefined when the template has no variables. */
  pathParameters: Record<string, string> | undefined;
}

interface Compiled<R> {
  route: R;
  method: string;
  segments: { literal?: string; variable?: string; greedy?: boolean }[];
  /** Sort key: per segment 0 = literal, 1 = variable, 2 = greedy; lower is more specific. */
  rank: number[];
}

export class Router<R extends RouteTemplate> {
  private readonly compiled: Compiled<R>[];

  constructor(routes: readonly R[]) {
    this.compiled = routes.map(compile).sort((a, b) => compareRank(a.rank, b.rank));
  }

  match(method: string, rawPath: string): RouteMatch<R> | undefined {
    const parts = rawPath.split('/').slice(1);
    for (const candidate of this.compiled) {
      if (candidate.method !== method) continue;
      const params = matchSegments(candidate.segments, parts);
      if (params) return { route: candidate.route, pathParameters: Object.keys(params).length ? params : undefined };
    }
    return undefined;
  }
}

function compile<R extends RouteTemplate>(route: R): Compiled<R> {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const variable = /^\{([^}+]+)(\+)?\}$/.exec(segment);
      if (!variable) return { literal: segment };
      return { variable: variable[1]!, greedy: variable[2] === '+' };
    });
  const rank = segments.map((s) => (s.literal !== undefined ? 0 : s.greedy ? 2 : 1));
  return { route, method: route.method, segments, rank };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

function matchSegments(segments: Compiled<unknown>['segments'], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.greedy) {
      const rest = parts.slice(i).join('/');
      if (!rest) return undefined;
      params[segment.variable!] = decode(rest);
      return params;
    }
    if (segment.literal !== undefined) {
      if (segment.literal !== part) return undefined;
    } else {
      if (!part) return undefined;
      params[segment.variable!] = decode(part);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

/** Malformed escapes (`%zz`) are passed through as sent rather than failing the request. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
