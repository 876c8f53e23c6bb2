import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { readAuditPartition, type AuditHead, type AuditItem } from '../data/audit';
import { latestSeal, putSeal } from '../data/audit-seal-store';
import { db, tableName } from '../data/client';
import { groupByChain, sealDigest, verifyChain, type ChainBreak, type ChainPosition, type ChainReport } from '../domain/audit-chain';
import { signers } from '../signing/signers';
import type { SigningIdentity } from '../signing/signer';

/**
 * Tamper evidence of the audit trail (issue 13): sealing every chain head, and verifying one entity's
 * chains or all of them against their heads and the latest seal.
 */

/** The key that signs the seals: a service identity of its own, never a person's or an agency's. */
export const AUDIT_IDENTITY: SigningIdentity = { kind: 'service', id: 'audit', name: 'Niêm phong nhật ký thao tác', organization: 'Hệ thống theo dõi công văn' };

export interface Seal {
  sealedAt: string;
  heads: ChainPosition[];
  /** SHA-256 hex of the canonical {sealedAt, heads}: what is signed. */
  digest: string;
  /** RSASSA-PKCS1-v1_5 / SHA-256 signature of the canonical JSON, base64. */
  signature: string;
  /** DER certificates of the signing key, base64, its own first. */
  certificates: string[];
}

/** Every chain head of the table (a daily scan; the heads are small). */
async function scanHeads(): Promise<AuditHead[]> {
  const heads: AuditHead[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: '#type = :head',
        ExpressionAttributeNames: { '#type': 'type', '#h': 'hash' },
        ExpressionAttributeValues: { ':head': 'AuditHead' },
        ProjectionExpression: 'PK, chain, seq, #h',
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) heads.push({ entity: item['PK'], chain: item['chain'] ?? '', seq: item['seq'], hash: item['hash'] });
    start = out.LastEvaluatedKey;
  } while (start);
  return heads;
}

/** Writes a signed seal of every chain head; run daily (EventBridge in AWS, the reminder timer locally). */
export async function sealAuditChains(now: Date): Promise<{ key: string; heads: number; digest: string }> {
  const heads = await scanHeads();
  const sealedAt = now.toISOString();
  const { canonical, digest } = sealDigest(heads, sealedAt);
  const signer = await signers().signerFor(AUDIT_IDENTITY);
  const signature = await signer.signDigest(Buffer.from(digest, 'hex'));
  const seal: Seal = {
    sealedAt,
    heads: JSON.parse(canonical).heads,
    digest,
    signature: Buffer.from(signature).toString('base64'),
    certificates: (await signer.certificates()).map((c) => Buffer.from(c).toString('base64')),
  };
  return { key: await putSeal(sealedAt, JSON.stringify(seal)), heads: heads.length, digest };
}

export interface SealState {
  sealedAt: string;
  /** The digest matches the heads listed and the signature is the audit key's, certified by our CA. */
  valid: boolean;
}

/** The latest seal, checked: digest, signature, and that the certificate is the audit service's, issued by our CA. */
export async function loadSeal(): Promise<{ seal?: Seal; state?: SealState }> {
  const text = await latestSeal();
  if (!text) return {};
  const seal = JSON.parse(text) as Seal;
  let valid = false;
  try {
    const { canonical, digest } = sealDigest(seal.heads, seal.sealedAt);
    const cert = new X509Certificate(Buffer.from(seal.certificates[0]!, 'base64'));
    const roots = (await signers().trustedRoots()).map((r) => new X509Certificate(Buffer.from(r)));
    valid =
      digest === seal.digest &&
      cert.subject.includes('SERVICE:audit') &&
      roots.some((root) => cert.checkIssued(root) && cert.verify(root.publicKey)) &&
      verifySignature('sha256', Buffer.from(canonical, 'utf8'), cert.publicKey, Buffer.from(seal.signature, 'base64'));
  } catch {
    valid = false;
  }
  return { seal, state: { sealedAt: seal.sealedAt, valid } };
}

export interface EntityAuditReport {
  entity: string;
  intact: boolean;
  /** Chained events checked, over all the entity's chains. */
  events: number;
  /** Events written before chaining began: listed, not verifiable. */
  legacy: number;
  chains: number;
  /** The first broken link. */
  break?: ChainBreak;
}

const sealedOf = (seal: Seal | undefined, entity: string) => new Map((seal?.heads ?? []).filter((h) => h.entity === entity).map((h) => [h.chain, h]));

function verifyPartition(entity: string, events: AuditItem[], heads: AuditHead[], seal: Seal | undefined): EntityAuditReport {
  const chains = groupByChain(events);
  const headOf = new Map(heads.map((h) => [h.chain, h]));
  const sealed = sealedOf(seal, entity);
  const names = [...new Set([...chains.keys(), ...headOf.keys(), ...sealed.keys()])].sort();
  const reports: ChainReport[] = names.map((chain) => {
    const head = headOf.get(chain);
    const s = sealed.get(chain);
    return verifyChain({ entity, chain, events: chains.get(chain) ?? [], ...(head ? { head } : {}), ...(s ? { sealed: s } : {}) });
  });
  const broken = reports.find((r) => !r.intact)?.break;
  return {
    entity,
    intact: !broken,
    events: reports.reduce((n, r) => n + r.events, 0),
    legacy: reports.reduce((n, r) => n + r.legacy, 0),
    chains: reports.length,
    ...(broken ? { break: broken } : {}),
  };
}

/** One entity's chains (e.g. `DISPATCH#id`: its own and each recipient's), against their heads and the latest seal. */
export async function verifyEntityAudit(entityPk: string, loaded?: { seal?: Seal }): Promise<EntityAuditReport & { seal?: SealState }> {
  const { seal, state } = loaded ? { seal: loaded.seal, state: undefined } : await loadSeal();
  const { events, heads } = await readAuditPartition(entityPk);
  const report = verifyPartition(entityPk, events, heads, seal?.heads ? seal : undefined);
  if (state && !state.valid) return { ...report, intact: false, seal: state, break: report.break ?? sealBreak(entityPk) };
  return { ...report, ...(state ? { seal: state } : {}) };
}

const sealBreak = (entity: string): ChainBreak => ({ kind: 'seal-mismatch', entity, chain: '', message: 'the latest seal does not verify' });

export interface AllAuditReport {
  intact: boolean;
  entities: number;
  events: number;
  legacy: number;
  seal?: SealState;
  /** The first broken link (entities in key order). */
  break?: ChainBreak;
  /** Every broken entity, at most 100. */
  broken: { entity: string; break: ChainBreak }[];
}

/** Every chain of the table (a full scan: an operator's check and the CLI, not a page). */
export async function verifyAllAudit(): Promise<AllAuditReport> {
  const { seal, state } = await loadSeal();
  const byEntity = new Map<string, { events: AuditItem[]; heads: AuditHead[] }>();
  const entry = (pk: string) => byEntity.get(pk) ?? byEntity.set(pk, { events: [], heads: [] }).get(pk)!;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: '#type IN (:event, :head)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':event': 'AuditEvent', ':head': 'AuditHead' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const pk = item['PK'] as string;
      if (item['type'] === 'AuditHead') entry(pk).heads.push({ entity: pk, chain: item['chain'] ?? '', seq: item['seq'], hash: item['hash'] });
      else entry(pk).events.push(item as AuditItem);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  for (const h of seal?.heads ?? []) entry(h.entity);
  const reports = [...byEntity.keys()].sort().map((pk) => verifyPartition(pk, byEntity.get(pk)!.events, byEntity.get(pk)!.heads, seal));
  const broken = reports.filter((r) => !r.intact).map((r) => ({ entity: r.entity, break: r.break! }));
  const first = state && !state.valid ? sealBreak('(seal)') : broken[0]?.break;
  return {
    intact: !first,
    entities: reports.length,
    events: reports.reduce((n, r) => n + r.events, 0),
    legacy: reports.reduce((n, r) => n + r.legacy, 0),
    ...(state ? { seal: state } : {}),
    ...(first ? { break: first } : {}),
    broken: broken.slice(0, 100),
  };
}
