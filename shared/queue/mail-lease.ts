import { MAIL_VISIBILITY_TIMEOUT_SECONDS } from './queue-def';
import { config } from '../config';

/**
 * The mail queue's visibility timeout as this deployment runs it (MAIL_QUEUE_VISIBILITY_SECONDS, else the
 * queue's own, MAIL_VISIBILITY_TIMEOUT_SECONDS), and so the lease of a mail or reminder claim: a claim left by a crashed attempt runs
 * out exactly when that attempt's message reappears in the queue.
 */
export const mailVisibilitySeconds = (): number => config().MAIL_QUEUE_VISIBILITY_SECONDS ?? MAIL_VISIBILITY_TIMEOUT_SECONDS;

export const mailLeaseMs = (): number => mailVisibilitySeconds() * 1000;
