/**
 * Connection and request timeouts for an AWS SDK client. The SDK's defaults wait for ever on a call
 * that hangs (measured: one hung SES call held a whole fan-out for 80 s), so every client we build
 * passes these. `throwOnRequestTimeout` makes a timed-out call fail (and be retried by us) instead of
 * only logging a warning.
 */
export function sdkTimeouts(requestTimeoutMs: number, connectionTimeoutMs = 3000) {
  return { requestHandler: { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true } };
}
