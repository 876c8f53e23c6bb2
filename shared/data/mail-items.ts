import { auditHeadKey, type KnownHead } from './audit';
import { batchGetAll } from './batch-get';
import { dispatchFromItem, type DispatchRecord } from './dispatch-repo';
import { keys, recipientChain } from './keys';
import { recipientFromItem, type RecipientRecord } from './recipient-repo';

/**
 * What one queued letter of a unit needs before it is claimed, in one strongly consistent BatchGet of
 * the dispatch's partition: the dispatch item (no counters: a letter needs none), the unit's recipient
 * item, the head of the unit's audit chain (so recording the send reads it no more: a hint, re-read
 * only when another event moved it), and any `extra` keys (a reminder's run). One round trip instead
 * of three or four, for every e-mail of a fan-out.
 */
export interface LetterItems {
  dispatch: Omit<DispatchRecord, 'stats'> | undefined;
  recipient: RecipientRecord | undefined;
  auditHead: KnownHead;
  extra: (Record<string, unknown> | undefined)[];
}

export async function readLetterItems(dispatchId: string, unitId: string, extra: readonly { PK: string; SK: string }[] = []): Promise<LetterItems> {
  const dispatchKey = keys.dispatch(dispatchId);
  const recipientKey = keys.recipient(dispatchId, unitId);
  const headKey = auditHeadKey(dispatchKey.PK, recipientChain(unitId));
  const found = new Map((await batchGetAll([dispatchKey, recipientKey, headKey, ...extra], { consistentRead: true })).map((item) => [`${String(item['PK'])}\u0000${String(item['SK'])}`, item]));
  const at = (key: { PK: string; SK: string }) => found.get(`${key.PK}\u0000${key.SK}`);
  const dispatchItem = at(dispatchKey);
  const recipientItem = at(recipientKey);
  return {
    dispatch: dispatchItem ? dispatchFromItem(dispatchItem) : undefined,
    recipient: recipientItem ? recipientFromItem(recipientItem) : undefined,
    auditHead: { entity: headKey.PK, chain: recipientChain(unitId), found: at(headKey) },
    extra: extra.map(at),
  };
}
