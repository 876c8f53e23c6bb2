/**
 * The one table of event consumers. Each consumer reads the table's stream; the filter says which
 * records it wants. CDK turns the filter into Lambda event-source filter criteria, and the local
 * runner applies the same filter with `matchesFilter` before calling the same handler.
 */
export interface StreamFilter {
  readonly eventName: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  /** Required string values of top-level attributes of the new image, e.g. `{ type: ['Dispatch'] }`. */
  readonly newImage: Readonly<Record<string, readonly string[]>>;
}

export interface ConsumerDef {
  readonly id: string;
  /** Handler module, relative to the repository root; it exports `handler` (a DynamoDBStreamHandler returning batch item failures). */
  readonly entry: string;
  readonly filter: StreamFilter;
  readonly batchSize: number;
  /** Attempts before the record is parked in the dead-letter queue. */
  readonly maxAttempts: number;
  readonly needs: readonly ('pdfRead' | 'pdfWrite' | 'mail' | 'sign' | 'verify' | 'identity' | 'enqueue' | 'imageRead')[];
  /**
   * Deployed in AWS only, with the reason: the local stack does not run it (infra/local/stack.ts), because
   * what it drives has no local stand-in that needs it (e.g. Cognito accounts: the local identity issuer
   * reads the directory itself).
   */
  readonly awsOnly?: string;
}

export const consumers: readonly ConsumerDef[] = [
  {
    id: 'dispatch-delivery',
    entry: 'functions/events/dispatch-delivery.ts',
    // A dispatch whose delivery is pending: number, date and agency-sign the signer's PDF, store it,
    // create the recipient records.
    filter: { eventName: ['INSERT', 'MODIFY'], newImage: { type: ['Dispatch'], deliveryStatus: ['pending'] } },
    batchSize: 1,
    maxAttempts: 5,
    needs: ['pdfRead', 'pdfWrite', 'sign', 'imageRead'],
  },
  {
    id: 'recipient-mailer',
    entry: 'functions/events/recipient-mailer.ts',
    // A recipient whose email is queued: one message on the mail queue (functions/queues.ts), which
    // sends it paced and exactly once. Large batches: enqueuing is ten messages a call.
    filter: { eventName: ['INSERT', 'MODIFY'], newImage: { type: ['Recipient'], mailStatus: ['queued'] } },
    batchSize: 100,
    maxAttempts: 6,
    needs: ['enqueue'],
  },
  {
    id: 'reset-request-letter',
    entry: 'functions/events/reset-request-letter.ts',
    // A unit's new reset request: render its letter to the IT Department and store the PDF.
    filter: { eventName: ['INSERT', 'MODIFY'], newImage: { type: ['ResetRequest'], pdfStatus: ['pending'] } },
    batchSize: 5,
    maxAttempts: 5,
    needs: ['pdfWrite'],
  },
  {
    id: 'reset-request-mailer',
    entry: 'functions/events/reset-request-mailer.ts',
    // A reset request the IT Department completed: email the unit, once.
    filter: { eventName: ['MODIFY'], newImage: { type: ['ResetRequest'], status: ['completed'] } },
    batchSize: 10,
    maxAttempts: 6,
    // The e-mail goes on the mail queue (paced, retried there: shared/services/queued-notices.ts).
    needs: ['enqueue'],
  },
  {
    id: 'staff-notifier',
    entry: 'functions/events/staff-notifier.ts',
    // A dispatch just submitted, returned or signed: email its signer or its clerks, once per version and person.
    filter: {
      eventName: ['MODIFY'],
      newImage: { type: ['Dispatch'], lastAction: ['submit', 'return', 'sign'], state: ['pending_signature', 'returned', 'signed'] },
    },
    batchSize: 10,
    maxAttempts: 6,
    // The e-mail goes on the mail queue (paced, retried there: shared/services/queued-notices.ts).
    needs: ['enqueue'],
  },
  {
    id: 'reset-request-notifier',
    entry: 'functions/events/reset-request-notifier.ts',
    // A unit's new reset request: email the IT Department's people, once each.
    filter: { eventName: ['INSERT'], newImage: { type: ['ResetRequest'], status: ['open'] } },
    batchSize: 10,
    maxAttempts: 6,
    // The e-mail goes on the mail queue (paced, retried there: shared/services/queued-notices.ts).
    needs: ['enqueue'],
  },
  {
    id: 'people-identity-sync',
    entry: 'functions/events/people-identity-sync.ts',
    // A person created or changed: make their Cognito account match (create with an invitation, agency
    // attribute, groups = roles, disabled when not active).
    filter: { eventName: ['INSERT', 'MODIFY'], newImage: { type: ['Person'] } },
    batchSize: 10,
    maxAttempts: 5,
    needs: ['identity'],
    awsOnly:
      'There is no Cognito locally: the local identity issuer (infra/local/identity.ts) mints tokens only for active people of the directory, with their roles and agency, so the records are already the accounts.',
  },
];

/** Stream record shape we need for filtering (a subset of aws-lambda's DynamoDBRecord). */
interface FilterableRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> };
}

export function matchesFilter(filter: StreamFilter, record: FilterableRecord): boolean {
  if (!record.eventName || !(filter.eventName as readonly string[]).includes(record.eventName)) return false;
  const image = record.dynamodb?.NewImage;
  if (!image) return false;
  return Object.entries(filter.newImage).every(([attr, allowed]) => {
    const value = image[attr]?.S;
    return value !== undefined && allowed.includes(value);
  });
}
