/**
 * The one DynamoDB table definition. The CDK stack and the local stack both build the table from this,
 * so keys, indexes and the stream are identical everywhere.
 */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  globalSecondaryIndexes: [
    /** Listings per kind of entity (units, groups, directives, dispatches by issuer, reset requests …). */
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Secondary listings (e.g. dispatches awaiting a given signer). */
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
  /** Stream view needed by the event consumers (they read the new image, some compare with the old). */
  streamViewType: 'NEW_AND_OLD_IMAGES',
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];
