import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per process (Powertools): JSON lines that CloudWatch can query. */
export const logger = new Logger({ serviceName: 'cong-van' });
