/**
 * @peculiar/x509 loads tsyringe, which insists on a `Reflect.getMetadata` polyfill (the
 * `reflect-metadata` package, not installed). The few calls its decorators make need only this much;
 * imported for its effect, before @peculiar/x509, by the test helpers that use it.
 */
type Target = object;
const store = new WeakMap<Target, Map<string | symbol | undefined, Map<unknown, unknown>>>();
const own = (target: Target, prop?: string | symbol) => {
  let byProp = store.get(target);
  if (!byProp) store.set(target, (byProp = new Map()));
  let map = byProp.get(prop);
  if (!map) byProp.set(prop, (map = new Map()));
  return map;
};
const R = Reflect as unknown as Record<string, unknown>;
if (!R['getMetadata']) {
  R['defineMetadata'] = (key: unknown, value: unknown, target: Target, prop?: string | symbol) => void own(target, prop).set(key, value);
  R['getOwnMetadata'] = (key: unknown, target: Target, prop?: string | symbol) => own(target, prop).get(key);
  R['hasOwnMetadata'] = (key: unknown, target: Target, prop?: string | symbol) => own(target, prop).has(key);
  R['getMetadata'] = (key: unknown, target: Target, prop?: string | symbol) => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t)) if (own(t, prop).has(key)) return own(t, prop).get(key);
    return undefined;
  };
  R['hasMetadata'] = (key: unknown, target: Target, prop?: string | symbol) => (R['getMetadata'] as (k: unknown, t: Target, p?: string | symbol) => unknown)(key, target, prop) !== undefined;
  R['metadata'] = (key: unknown, value: unknown) => (target: Target, prop?: string | symbol) => void own(target, prop).set(key, value);
}
export {};
