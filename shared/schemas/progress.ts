import * as z from 'zod';
import { id, text, multilineText, pageFields } from './common';

export const recipientParams = z.strictObject({ dispatchId: id, unitId: id });
export const directiveSummaryParams = z.strictObject({ directiveId: id });
export const directiveSummaryQuery = z.strictObject({
  /** `true`: also the per-unit table of every citing dispatch (reads every recipient). */
  units: z.enum(['true', 'false']).optional(),
  /** The per-unit table's page (with `units=true`): across the citing dispatches, in their order. */
  ...pageFields(200, 500),
});
export const resetRequestParams = z.strictObject({ requestId: id });

export const resetRequestsQuery = z.strictObject({
  status: z.enum(['open', 'completed']).optional(),
  unitId: id.optional(),
  dispatchId: id.optional(),
  ...pageFields(100, 500),
});

export const accountOutcomeSchema = z
  .strictObject({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    outcome: z.enum(['reset', 'revoked', 'rejected']),
    /** Required when rejecting: the unit is told why. */
    reason: multilineText(1000).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.outcome === 'rejected' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required-when-rejected' });
  })
  .meta({ id: 'AccountOutcome' });
