import type { DispatchAction } from './lifecycle';
import type { DispatchContent, DispatchState } from '../schemas/dispatch';

/**
 * A dispatch as the pages and services see it; shared/data/dispatch-repo.ts reads and writes it. The
 * shapes are the domain's so that templates can show a dispatch without importing data access.
 */

/** A dispatch's counters (shared/data/stats-repo.ts sums them from its counter items). */
export interface DispatchStats {
  /** Recipients delivered by email and tracked; those sent on paper are in `paper`, apart. */
  recipients: number;
  mailSent: number;
  mailFailed: number;
  /** Recipients outside the directory without an email: printed and sent on paper, owing nothing here. */
  paper?: number;
  /** Every other counter (opened, acknowledged, reported, completed, delivered, bounced, …): see ProgressStats. */
  [counter: string]: number | undefined;
}

export type DeliveryStatus = 'pending' | 'done';

export interface DispatchRecord {
  id: string;
  state: DispatchState;
  version: number;
  /** The issuing agency (content.issuer.code): whose people act on it, whose register numbers it. */
  agencyCode: string;
  content: DispatchContent;
  /** SHA-256 of the canonical content: what an audit event of a draft refers to. */
  contentHash: string;
  createdAt: string;
  createdBy: string;
  createdByName?: string;
  /** Everyone who drafted, edited or submitted it: none of them may sign it. */
  drafters?: string[];
  updatedAt: string;
  lastAction?: DispatchAction;
  returnComment?: string;
  recallReason?: string;
  /** Why a clerk took the letter back from its signer to draft. */
  withdrawComment?: string;
  signedAt?: string;
  signedBy?: string;
  signedByName?: string;
  issuedBy?: string;
  issuedByName?: string;
  number?: number;
  /** "05/TCTHADS-CNTT" */
  symbol?: string;
  issuedOn?: string;
  issuedAt?: string;
  registerYear?: number;
  deliveryStatus?: DeliveryStatus;
  /**
   * Closed (archived) by the daily closing job once its links expired (last due date or issue date plus
   * the grace period): still issued, readable and counted, but it takes no more reminders.
   */
  closedAt?: string;
  /** The signer's signed PDF (no number and date yet), stored at sign. */
  signedPdfKey?: string;
  signedPdfSha256?: string;
  pdfKey?: string;
  pdfSha256?: string;
  /**
   * The dispatch's counters, as read: the sum of its counter items (shared/data/stats-repo.ts) and of
   * the `stats` map that dispatches issued before the counters moved still carry (no longer written).
   * Never written with the dispatch item.
   */
  stats: DispatchStats;
}

/** One line of the register of issued dispatches (sổ đăng ký công văn đi). */
export interface RegisterEntry {
  issuerCode: string;
  year: number;
  number: number;
  symbol: string;
  issuedOn: string;
  documentType: string;
  subject: string;
  signer: string;
  /** "Nơi nhận" as printed. */
  recipients: string;
  /** Who keeps the file copy ("VT, CNTT", printed on the letter as "Lưu: VT, CNTT"). */
  archive: string;
  copies: number;
  dispatchId: string;
  sentOn?: string;
  receipt?: string;
  notes?: string;
}
