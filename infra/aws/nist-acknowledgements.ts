import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Invocation } from './handler-function';

/**
 * The NIST 800-53 R5 findings every function shares, acknowledged on the function's construct with
 * reasons true for this app. Kept apart from handler-function.ts so the reasons can be read in one place.
 */
/** Why the log groups (each function's, the API's access log) use CloudWatch Logs' own encryption. */
export const LOG_GROUP_ENCRYPTION = {
  id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
  reason:
    'CloudWatch Logs encrypts every log group at rest with keys it manages; read access is by IAM to the account\'s operators only. A customer managed key would add a key policy naming the regional logs service to administer, without narrowing who can read the logs.',
};

export function acknowledgeFunctionNist(fn: IConstruct, invocation: Invocation, reserved: boolean): void {
  const acks: { id: string; reason: string }[] = [
    LOG_GROUP_ENCRYPTION,
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'Each function has its own role whose one policy holds exactly the grants of its table access and needs (infra/aws/stack.ts, checked against the code by test/infra/grants-vs-code.test.ts). A managed policy per role would hold the same statements, attached to the same single role, as one more resource per function.',
    },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason:
        'The functions reach only AWS regional endpoints (DynamoDB, S3, SES, KMS, SSM, SQS, Cognito) over TLS with IAM authentication, and the time-stamp and revocation services on the internet; the app has no resource inside a VPC, so a VPC would add NAT gateways and endpoints without narrowing what a function can reach.',
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        invocation === 'http'
          ? 'Invoked only synchronously by the HTTP API: a Lambda dead-letter queue receives only asynchronous invocations, so it would stay empty. Errors reach the caller and the function error alarm.'
          : invocation === 'event'
            ? 'Invoked asynchronously by its EventBridge rule: failed runs go to the on-failure destination, the job\'s own SQS failure queue with a depth alarm (infra/aws/jobs.ts), which keeps the event and the error that a Lambda DLQ would not.'
            : invocation === 'queue'
              ? 'Invoked synchronously by its SQS event-source mapping: a Lambda DLQ would never receive a message; messages that keep failing move by the source queue\'s redrive policy to its dead-letter queue, which has an alarm.'
              : 'Invoked synchronously by its DynamoDB stream event-source mapping: a Lambda DLQ would never receive a record; records that still fail go to the consumer\'s own on-failure SQS queue with an alarm (infra/aws/stream-consumers.ts).',
    },
  ];
  if (!reserved) {
    acks.push({
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason:
        invocation === 'http'
          ? 'A staff or page route: callers are signed-in staff, limited by the HTTP API stage throttle (100 rps, burst 200); only the public link and verification routes get reserved concurrency (infra/aws/reserved-concurrency.ts), so the rest share the unreserved pool instead of fragmenting it.'
          : 'Driven by a stream, a queue or a schedule whose batch size, batching window or rule already bounds how many copies run at once; reserving concurrency for it would only take from the pool the staff routes share.',
    });
  }
  Validations.of(fn).acknowledge(...acks);
}
