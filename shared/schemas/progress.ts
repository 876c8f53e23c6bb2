import * as z from 'zod/mini';
import { id, multilineText, pageFields, emailAddress } from './common';

export const recipientParams = z.strictObject({ dispatchId: id, unitId: id });
export const directiveSummaryParams = z.strictObject({ directiveId: id });
export const directiveSummaryQuery = z.strictObject({
  /** `true`: also the per-unit table of every citing dispatch (reads every recipient). */
  units: z.optional(z.enum(['true', 'false'])),
  /** The per-unit table's page (with `units=true`): across the citing dispatches, in their order. */
  ...pageFields(200, 500),
});
export const resetRequestParams = z.strictObject({ requestId: id });

export const resetRequestsQuery = z.strictObject({
  status: z.optional(z.enum(['open', 'completed'])),
  unitId: z.optional(id),
  dispatchId: z.optional(id),
  ...pageFields(100, 500),
});

export const accountOutcomeSchema = z
  .strictObject({
    email: emailAddress(),
    outcome: z.enum(['reset', 'revoked', 'rejected']),
    /** Required when rejecting: the unit is told why. */
    reason: z.optional(multilineText(1000)),
  })
  .check(
    z.superRefine((b, ctx) => {
      if (b.outcome === 'rejected' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required-when-rejected' });
    }),
  )
  .register(z.globalRegistry, { id: 'AccountOutcome' });
