import { z, text, isoDate, id } from './common';

/** An incoming directive (văn bản đến), e.g. "2647/VPCP-KSTT ngày 31/7/2023 của Văn phòng Chính phủ". */
export const directiveInputSchema = z
  .strictObject({
    /** Number part of "số và ký hiệu", e.g. "2647". */
    number: z.string().trim().min(1).max(20).regex(/^[0-9]+[a-zA-Z]?$/, { message: 'directive-number' }),
    /** Symbol part, e.g. "VPCP-KSTT", "A05-P7", "TTg". */
    symbol: z.string().trim().min(1).max(50).regex(/^[A-ZĐa-zđ0-9&.\-]+$/u, { message: 'directive-symbol' }),
    issuedOn: isoDate,
    issuingBody: text(300),
    subject: text(1000),
    receivedOn: isoDate,
    deadline: isoDate.optional(),
    text: text(50000).optional(),
  })
  .openapi('DirectiveInput');
export type DirectiveInput = z.infer<typeof directiveInputSchema>;

export type Directive = DirectiveInput & { id: string; createdAt: string; createdBy: string };

export const directiveIdParams = z.strictObject({ directiveId: id });
export const listDirectivesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
