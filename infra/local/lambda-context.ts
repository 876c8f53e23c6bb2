import type { Context } from 'aws-lambda';

/**
 * A Lambda `Context` for an in-process invocation: the fields handlers and Powertools read, with the
 * remaining time counting down from the invocation's timeout as it does in Lambda.
 */
export function lambdaContext(options: { functionName: string; requestId: string; timeoutMs: number; region: string }): Context {
  const deadline = Date.now() + options.timeoutMs;
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is a deprecated Lambda API; return or throw from the async handler instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:000000000000:function:${options.functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
