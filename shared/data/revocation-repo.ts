import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { keys } from './keys';

/**
 * Signed-out staff sessions. An access token cannot be taken back from whoever holds it, so signing
 * out records its session id here, kept (TTL `expiresAt`) until the token would expire anyway; the
 * pages and the API refuse a token whose session is listed (shared/services/actors.ts).
 */
export async function revokeSession(sessionId: string, tokenExpiresAt: Date, userId: string, at: Date): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.revokedSession(sessionId),
        type: 'RevokedSession',
        userId,
        revokedAt: at.toISOString(),
        // DynamoDB removes it some time after this; until then it still refuses the (expired) token.
        expiresAt: Math.ceil(tokenExpiresAt.getTime() / 1000),
      },
    }),
  );
}

export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.revokedSession(sessionId), ConsistentRead: true, ProjectionExpression: 'PK' }),
  );
  return out.Item !== undefined;
}
