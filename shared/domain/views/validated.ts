/**
 * The shapes the kernel validates (zod schemas in shared/schemas, the staff roles in shared/roles.ts),
 * named here for the pages: templates import only domain types, and these stay declared once, by the
 * schema that checks them (a second, hand-written declaration would be one more thing to keep equal).
 */
export type { Agency } from '../../schemas/agency';
export type { Directive } from '../../schemas/directive';
export type { DispatchState, ResponseKind, SigningAuthority } from '../../schemas/dispatch';
export type { Person } from '../../schemas/person';
export type { Role } from '../../roles';
