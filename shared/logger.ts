import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact';

/**
 * One structured logger per process (Powertools): JSON lines that CloudWatch can query. Every value
 * passes through redactingReplacer first, so no link token, Bearer token or cookie is ever written.
 */
export const logger = new Logger({ serviceName: 'cong-van', jsonReplacerFn: redactingReplacer });
