// First: it decides whether the X-Ray SDK, loaded with the tracer, installs its async hook.
import './xray-mode';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray through Powertools: every AWS SDK client the functions use is wrapped (`traced`), so a trace
 * shows each DynamoDB, S3, SES, SQS, KMS and SSM call as a subsegment of the invocation (the CDK app
 * turns on active tracing). Off outside Lambda (the tracer checks the execution environment) and
 * wherever POWERTOOLS_TRACE_ENABLED=false, as the local stack sets: the wrapper then returns the
 * client untouched.
 */
export const tracer = new Tracer({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'cong-van' });

/** The client, with its calls traced when tracing is on. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
