import { raceLost } from '../domain/lifecycle';
import { auditPut, transactWrite, type AuditEvent } from './audit';
import { isConditionFailure, isTransactionConflict, tableName } from './client';
import type { DispatchRecord } from './dispatch-repo';
import { keys } from './keys';

/**
 * Deletes a draft in one transaction: its item (and with it its place in every list, which are its
 * GSI keys) only if it is still the draft at the version decided on, the links of the directives it
 * cited, and appends the deletion to its audit trail. The trail stays in the dispatch's partition, so
 * who deleted which draft, and when, can still be read and verified.
 */
export async function deleteDraftRecord(current: DispatchRecord, audit: AuditEvent): Promise<void> {
  const pk = keys.dispatch(current.id);
  try {
    await transactWrite([
      {
        Delete: {
          TableName: tableName(),
          Key: pk,
          ConditionExpression: '#state = :draft AND #version = :version',
          ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
          ExpressionAttributeValues: { ':draft': 'draft', ':version': current.version },
        },
      },
      ...current.content.citations.map((directiveId) => ({ Delete: { TableName: tableName(), Key: keys.citation(directiveId, current.id) } })),
      auditPut(pk.PK, audit),
    ]);
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) throw raceLost();
    throw error;
  }
}
