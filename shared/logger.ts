import { Logger, LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { currentCorrelationId } from './correlation';
import { redactingReplacer } from './redact';

/**
 * Powertools' standard keys (the Lambda context's once the wrappers inject it) plus `correlation_id`,
 * read from the scope of the record or request being worked on (shared/correlation.ts) rather than from
 * a logger-wide key, which records worked side by side would overwrite for each other.
 */
class CorrelatedLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const correlationId = currentCorrelationId();
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_arn: attributes.lambdaContext?.invokedFunctionArn,
        function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        ...(correlationId ? { correlation_id: correlationId } : {}),
      },
    }).addAttributes(additional);
  }
}

/**
 * One structured logger per process (Powertools): JSON lines that CloudWatch can query. Every value
 * passes through redactingReplacer first, so no link token, Bearer token or cookie is ever written.
 * The service is the function's (POWERTOOLS_SERVICE_NAME, set by the CDK app), else the app's.
 */
export const logger = new Logger({
  serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'cong-van',
  jsonReplacerFn: redactingReplacer,
  logFormatter: new CorrelatedLogFormatter(),
});
