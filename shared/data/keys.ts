/**
 * Key builders for the single table. Every access pattern (README, "Access patterns") is served by
 * one of these keys or the GSIs named in shared/data/table.ts.
 */
export const META = 'META';

export const keys = {
  unit: (id: string) => ({ PK: `UNIT#${id}`, SK: META }),
  unitCode: (code: string) => ({ PK: `UNITCODE#${code}`, SK: META }),
  group: (id: string) => ({ PK: `GROUP#${id}`, SK: META }),
  directive: (id: string) => ({ PK: `DIRECTIVE#${id}`, SK: META }),
  directiveNumber: (number: string, symbol: string, issuedOn: string) => ({
    PK: `DIRECTIVENO#${number}/${symbol}#${issuedOn}`,
    SK: META,
  }),
  citation: (directiveId: string, dispatchId: string) => ({ PK: `DIRECTIVE#${directiveId}`, SK: `CITEDBY#${dispatchId}` }),
  dispatch: (id: string) => ({ PK: `DISPATCH#${id}`, SK: META }),
  recipient: (dispatchId: string, unitId: string) => ({ PK: `DISPATCH#${dispatchId}`, SK: `RECIPIENT#${unitId}` }),
  registerCounter: (issuerCode: string, year: number) => ({ PK: `REGISTER#${issuerCode}#${year}`, SK: 'COUNTER' }),
  registerEntry: (issuerCode: string, year: number, number: number) => ({
    PK: `REGISTER#${issuerCode}#${year}`,
    SK: `NO#${String(number).padStart(6, '0')}`,
  }),
  link: (tokenHash: string) => ({ PK: `LINK#${tokenHash}`, SK: META }),
} as const;

/** Partition of an entity's audit trail is the entity's own partition; events sort by time. */
export const auditSk = (at: string, eventId: string) => `AUDIT#${at}#${eventId}`;

export const listKeys = {
  units: 'UNITS',
  groups: 'GROUPS',
  directives: 'DIRECTIVES',
  dispatches: 'DISPATCHES',
  dispatchState: (state: string) => `DISPATCHSTATE#${state}`,
} as const;
