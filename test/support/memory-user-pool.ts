import type { IdentityAccount, IdentityDirectory } from '../../shared/identity/directory-identity';

/**
 * An in-memory user pool behind the identity port (the real one is shared/identity/cognito.ts): accounts
 * with attributes and groups, and a log of every call that changes something (`create u`, `attributes u
 * name,name`, `add u group`, `remove u group`, `enable u`, `disable u`), enough to check what a caller
 * asks Cognito to do.
 */
export function memoryUserPool(initial: Record<string, IdentityAccount & { groups: string[] }> = {}) {
  const accounts = new Map(Object.entries(initial).map(([k, v]) => [k, { enabled: v.enabled, attributes: { ...v.attributes }, groups: new Set(v.groups) }]));
  const calls: string[] = [];
  const need = (u: string) => {
    const a = accounts.get(u);
    if (!a) throw new Error(`no account ${u}`);
    return a;
  };
  const port: IdentityDirectory = {
    async getAccount(u) {
      const a = accounts.get(u);
      return a ? { enabled: a.enabled, attributes: { ...a.attributes } } : undefined;
    },
    async createAccount(u, attributes) {
      calls.push(`create ${u}`);
      if (accounts.has(u)) return 'exists';
      accounts.set(u, { enabled: true, attributes: { ...attributes }, groups: new Set() });
      return 'created';
    },
    async setAttributes(u, attributes) {
      calls.push(`attributes ${u} ${Object.keys(attributes).join(',')}`);
      Object.assign(need(u).attributes, attributes);
    },
    async groupsOf(u) {
      return [...need(u).groups];
    },
    async addToGroup(u, g) {
      calls.push(`add ${u} ${g}`);
      need(u).groups.add(g);
    },
    async removeFromGroup(u, g) {
      calls.push(`remove ${u} ${g}`);
      need(u).groups.delete(g);
    },
    async enable(u) {
      calls.push(`enable ${u}`);
      need(u).enabled = true;
    },
    async disable(u) {
      calls.push(`disable ${u}`);
      need(u).enabled = false;
    },
  };
  return { port, calls, accounts };
}
