import { commentedTransitionSchema, dispatchIdParams, transitionSchema } from '../schemas/dispatch';
import { contextFor } from '../services/context';
import { transition } from '../services/dispatches';
import { httpHandler } from './handler';
import type { RouteAccess } from './route-access';
import { transitionResult } from './responses';

/**
 * submit, return, withdraw and recall differ only in the action and whether a comment is required, so their
 * handlers are one factory (sign also signs: functions/http/dispatches-sign.ts). A replayed call
 * (double click, retry) answers 200 with the current dispatch and `x-idempotent-replay: true`, and
 * changes nothing.
 */
export const transitionHandler = (route: RouteAccess, action: 'submit') =>
  httpHandler(route, { params: dispatchIdParams, body: transitionSchema }, async ({ params, body, actor }) => {
    return transitionResult(await transition(contextFor(actor), params.dispatchId, action, body.version));
  });

export const commentedTransitionHandler = (route: RouteAccess, action: 'return' | 'recall' | 'withdraw') =>
  httpHandler(route, { params: dispatchIdParams, body: commentedTransitionSchema }, async ({ params, body, actor }) => {
    return transitionResult(await transition(contextFor(actor), params.dispatchId, action, body.version, body.comment));
  });
