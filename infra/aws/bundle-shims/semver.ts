/**
 * Stands in for `semver` in the Lambda bundles (an esbuild alias, infra/aws/bundle-options.ts). Its only
 * users are the X-Ray SDK and its dependencies, and their only call is `gte` on plain `x.y.z` versions:
 * cls-hooked checks the Node version when it loads, aws-xray-sdk-core checks an AWS SDK v2's version
 * (never used here). The real package is about 26 KB minified in every bundle that traces.
 */
const parts = (version: string): number[] => {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) throw new TypeError(`Invalid Version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

/** `a >= b` for release versions (a pre-release or build suffix is ignored). */
export function gte(a: string, b: string): boolean {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return true;
}
