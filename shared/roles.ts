/** Staff roles. In AWS they are Cognito groups; locally the identity issuer puts the same groups in tokens. */
export const roles = ['clerk', 'signer', 'leader', 'itdept', 'admin'] as const;
export type Role = (typeof roles)[number];
export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);
