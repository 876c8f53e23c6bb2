/**
 * What the services put in the e-mails they send, and the renderers they are given to turn it into
 * subject, text and HTML. The renderers live in templates/email; the edge (functions/) passes them in,
 * so the services never import templates (issue 11's dependency direction) and a test can give its own.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface DispatchNoticeMail {
  /** The person written to. */
  toName: string;
  subject: string;
  agencyName: string;
  clerkName: string;
  signerName: string;
  link: string;
}

export interface ResetRequestArrivedMail {
  toName: string;
  unitName: string;
  dispatchSymbol: string;
  contactName: string;
  contactPosition: string;
  accounts: number;
  dueDate?: string | undefined;
  link: string;
}

export interface OverdueDispatch {
  symbol: string;
  subject: string;
  /** YYYY-MM-DD */
  deadline: string;
  overdue: number;
  /** Names of (some of) the overdue units. */
  units: readonly string[];
  link: string;
}

export interface OverdueDigestMail {
  toName: string;
  agencyName: string;
  /** YYYY-MM-DD (Vietnam) */
  date: string;
  dispatches: readonly OverdueDispatch[];
  link: string;
}

/** One account of a completed reset request, as the unit is told of it. */
export interface ResetCompletedAccount {
  email: string;
  status: 'pending' | 'reset' | 'revoked' | 'rejected';
  reason?: string | undefined;
}

export interface ResetCompletedMail {
  unitName: string;
  dispatchSymbol: string;
  accounts: readonly ResetCompletedAccount[];
}

/** What the e-mail carrying a unit's link says (on issue, a reminder, a resend). */
export interface DispatchIssuedMail {
  unitName: string;
  symbol: string;
  issuedOn: string;
  issuerName: string;
  subject: string;
  role: 'action' | 'information';
  link: string;
  dueDate?: string;
  linkExpiresOn: string;
  /** A reminder: printed first, and the subject starts with "[Nhắc việc]". */
  reminder?: { vi: string; en: string };
}

export type DispatchMailRenderer = (m: DispatchIssuedMail) => MailContent;

/** The e-mails to staff (§6 "Staff are told"). */
export interface StaffNoticeMails {
  awaitingSignature(m: DispatchNoticeMail): MailContent;
  returned(m: DispatchNoticeMail & { comment: string }): MailContent;
  signed(m: DispatchNoticeMail): MailContent;
  resetRequestArrived(m: ResetRequestArrivedMail): MailContent;
  overdueDigest(m: OverdueDigestMail): MailContent;
}

export type ResetCompletedRenderer = (m: ResetCompletedMail) => MailContent;
