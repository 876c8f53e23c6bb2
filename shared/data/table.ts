/**
 * The one DynamoDB table definition. The CDK stack and the local stack both build the table from this,
 * so keys, indexes and the stream are identical everywhere.
 */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  globalSecondaryIndexes: [
    /** Listings per kind of entity (units, groups, directives, dispatches by issuer, reset requests …). */
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: { type: 'ALL' } },
    /**
     * Secondary listings: dispatches by state (DISPATCHSTATE#…), reset requests by status
     * (RESETREQSTATE#…) and recipients whose mail is due (MAILDUE#…, written on every e-mail step).
     * Only what its queries filter on is projected (issue 10: ALL copied a whole recipient on every mail
     * step, 35.6 write units an e-mail): the staff counts' filters (countGsi2: `agencyCode`, and
     * `content` for the signer), the reset queue's (`unitId`, `dispatchId`); the mail-due scan reads
     * only its sort key; the listings read their items from the table (shared/data/index-items.ts).
     * Recipients carry none of `agencyCode` and `content`, so their entries are keys and two short ids.
     */
    {
      indexName: 'GSI2',
      partitionKey: 'GSI2PK',
      sortKey: 'GSI2SK',
      projection: { type: 'INCLUDE', nonKeyAttributes: ['agencyCode', 'content', 'unitId', 'dispatchId'] },
    },
  ],
  /** Stream view needed by the event consumers (they read the new image, some compare with the old). */
  streamViewType: 'NEW_AND_OLD_IMAGES',
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

type IndexDefinition = (typeof tableDefinition.globalSecondaryIndexes)[number];

/** An index's projection as DynamoDB's API (and CloudFormation) spell it. */
export function projectionOf(index: IndexDefinition): { ProjectionType: 'ALL' | 'INCLUDE'; NonKeyAttributes?: string[] } {
  return index.projection.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] }
    : { ProjectionType: 'ALL' };
}
