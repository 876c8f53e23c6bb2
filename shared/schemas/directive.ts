import * as z from 'zod/mini';
import { text, multilineText, isoDate, id, version } from './common';
import { dateOrder, dueField, issuerWordsField, searchFields } from './search';

/** An incoming directive (văn bản đến), e.g. "2647/VPCP-KSTT ngày 31/7/2023 của Văn phòng Chính phủ". */
export const directiveInputSchema = z
  .strictObject({
    /** Number part of "số và ký hiệu", e.g. "2647". */
    number: z.string().check(z.trim(), z.minLength(1), z.maxLength(20), z.regex(/^[0-9]+[a-zA-Z]?$/, { message: 'directive-number' })),
    /** Symbol part, e.g. "VPCP-KSTT", "A05-P7", "TTg". */
    symbol: z.string().check(z.trim(), z.minLength(1), z.maxLength(50), z.regex(/^[A-ZĐa-zđ0-9&.\-]+$/u, { message: 'directive-symbol' })),
    issuedOn: isoDate,
    issuingBody: text(300),
    subject: text(1000),
    receivedOn: isoDate,
    deadline: z.optional(isoDate),
    text: z.optional(multilineText(50000)),
  })
  .register(z.globalRegistry, { id: 'DirectiveInput' });
export type DirectiveInput = z.infer<typeof directiveInputSchema>;

/** `withdrawn`: registered by mistake and withdrawn by a clerk; kept for the record, off the lists by default. */
export const directiveStates = ['registered', 'withdrawn'] as const;
export type DirectiveState = (typeof directiveStates)[number];

export type Directive = DirectiveInput & {
  id: string;
  createdAt: string;
  createdBy: string;
  /** Starts at 1; each correction or the withdrawal adds 1 (records from before versions read as 1). */
  version: number;
  /** Absent on records from before withdrawal existed: registered. */
  state?: DirectiveState;
  updatedAt?: string;
  updatedBy?: string;
  withdrawnAt?: string;
  withdrawnBy?: string;
  withdrawReason?: string;
};

/** A clerk's correction of a wrongly registered directive: the whole input again, on the version they saw. */
export const updateDirectiveSchema = z.strictObject({ version, directive: directiveInputSchema }).register(z.globalRegistry, { id: 'UpdateDirective' });
export const withdrawDirectiveSchema = z.strictObject({ version, reason: multilineText(2000) }).register(z.globalRegistry, { id: 'WithdrawDirective' });

export const directiveIdParams = z.strictObject({ directiveId: id });
export const listDirectivesQuery = z
  .strictObject({
    /** Registered directives by default; `withdrawn` lists the withdrawn ones instead. */
    state: z._default(z.enum(directiveStates), 'registered'),
    /** Search (issue 14): words in number/symbol, issuing body, subject; received date range; deadline status; issuing body. */
    ...searchFields,
    issuer: issuerWordsField,
    due: dueField,
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  })
  .check(z.superRefine(dateOrder));
