/**
 * Key builders for the single table. Every access pattern (README, "Access patterns") is served by
 * one of these keys or the GSIs named in shared/data/table.ts.
 */
export const META = 'META';
/** The partition of the open set of dispatches (keys.openDispatch). */
export const OPEN_DISPATCHES = 'OPEN#DISPATCHES';

export const keys = {
  agency: (code: string) => ({ PK: `AGENCY#${code}`, SK: META }),
  person: (id: string) => ({ PK: `PERSON#${id}`, SK: META }),
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
  /**
   * One shard of a dispatch's counters (shared/data/stats-repo.ts): its own small item, in no index, sorted
   * right after the dispatch's META so that one query reads the dispatch with all its counters.
   */
  dispatchStats: (id: string, shard: number) => ({ PK: `DISPATCH#${id}`, SK: `${META}#STATS#${String(shard).padStart(2, '0')}` }),
  recipient: (dispatchId: string, unitId: string) => ({ PK: `DISPATCH#${dispatchId}`, SK: `RECIPIENT#${unitId}` }),
  registerCounter: (issuerCode: string, year: number) => ({ PK: `REGISTER#${issuerCode}#${year}`, SK: 'COUNTER' }),
  registerEntry: (issuerCode: string, year: number, number: number) => ({
    PK: `REGISTER#${issuerCode}#${year}`,
    SK: `NO#${String(number).padStart(6, '0')}`,
  }),
  link: (tokenHash: string) => ({ PK: `LINK#${tokenHash}`, SK: META }),
  /** The issued PDF's SHA-256 → its dispatch: how an uploaded file is recognised as ours. */
  issuedPdf: (sha256: string) => ({ PK: `PDFSHA256#${sha256}`, SK: META }),
  /** Every version of a unit's report is kept: `REPORT#unitId#000001`, `…#000002`. */
  report: (dispatchId: string, unitId: string, version: number) => ({
    PK: `DISPATCH#${dispatchId}`,
    SK: `REPORT#${unitId}#${String(version).padStart(6, '0')}`,
  }),
  resetRequest: (id: string) => ({ PK: `RESETREQ#${id}`, SK: META }),
  /** An SES message id, to find the recipient a bounce or complaint is about. */
  mailMessage: (messageId: string) => ({ PK: `MAILMSG#${messageId}`, SK: META }),
  /** Fixed-window request counter (expires with TTL), e.g. per token hash or per source address. */
  rateWindow: (scope: string, subject: string, window: number) => ({ PK: `RATE#${scope}#${subject}`, SK: `W#${window}` }),
  /** A signed-out staff session (`origin_jti`, else `jti`, of its access token): refused until the token expires (TTL). */
  revokedSession: (sessionId: string) => ({ PK: `REVOKEDSESSION#${sessionId}`, SK: META }),
  /** One staff e-mail about one event (e.g. `DISPATCH#id#v3`, `DIGEST#2025-01-31`) to one person: sent once. */
  notice: (event: string, personId: string) => ({ PK: `NOTICE#${event}`, SK: `TO#${personId}` }),
  /**
   * The open set (issue 10): one keys-only item per issued dispatch that has not closed, written at
   * issue and deleted when it closes or is recalled, so the daily jobs walk only open dispatches.
   */
  openDispatch: (dispatchId: string) => ({ PK: OPEN_DISPATCHES, SK: `DISPATCH#${dispatchId}` }),
  /** Where a job's walk stopped: its next run resumes there. */
  jobRun: (job: string) => ({ PK: `JOBRUN#${job}`, SK: META }),
} as const;

/** Partition of an entity's audit trail is the entity's own partition; events sort by time. */
export const auditSk = (at: string, eventId: string) => `AUDIT#${at}#${eventId}`;

/** The head of an audit chain in the entity's partition: `AUDITHEAD` (the entity's own chain) or `AUDITHEAD#<chain>`. */
export const auditHeadSk = (chain: string) => (chain ? `AUDITHEAD#${chain}` : 'AUDITHEAD');

/** The audit chain of one recipient's events within its dispatch's partition. */
export const recipientChain = (unitId: string) => `RECIPIENT#${unitId}`;

export const listKeys = {
  agencies: 'AGENCIES',
  /** Sorted `agencyCode#personId`, so one agency's people are a prefix. */
  people: 'PEOPLE',
  units: 'UNITS',
  groups: 'GROUPS',
  directives: 'DIRECTIVES',
  /** An agency's dispatches, newest first. */
  dispatches: (agencyCode: string) => `DISPATCHES#${agencyCode}`,
  /** Withdrawn directives leave the list (and the pickers) for this one: kept, readable by id. */
  withdrawnDirectives: 'DIRECTIVES#withdrawn',
  dispatchState: (state: string) => `DISPATCHSTATE#${state}`,
  resetRequests: 'RESETREQUESTS',
  resetRequestState: (status: string) => `RESETREQSTATE#${status}`,
} as const;
