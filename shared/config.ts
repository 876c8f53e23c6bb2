import * as z from 'zod/mini';
import { englishIssues } from './schemas/english-issues';

/**
 * Runtime configuration, read once per process and validated up front so a missing variable fails
 * at cold start with a clear message instead of half-way through a request.
 *
 * In AWS the endpoints are unset (the SDK's defaults apply). Locally the embedded stack sets them.
 */
/** An optional URL that the CDK app sets to '' when the deployment names none. */
const optionalUrl = z.pipe(
  z.transform((v: unknown) => (v === '' ? undefined : v)),
  z.optional(z.string().check(z.url())),
);

const schema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  PDF_BUCKET: z.string().check(z.minLength(1)),
  MAIL_FROM: z.string().check(z.email()),
  /** Base URL of the public site, used to build emailed links, e.g. https://congvan.example.gov.vn */
  PUBLIC_BASE_URL: z.string().check(z.url()),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'ap-southeast-1'),
  DYNAMODB_ENDPOINT: z.optional(z.string().check(z.url())),
  S3_ENDPOINT: z.optional(z.string().check(z.url())),
  SES_ENDPOINT: z.optional(z.string().check(z.url())),
  SQS_ENDPOINT: z.optional(z.string().check(z.url())),
  /** The queues of functions/queues.ts, by `queueUrlEnv(id)`: set for the functions that send to them. */
  QUEUE_URL_MAIL: z.optional(z.string().check(z.url())),
  /**
   * E-mails per second across every concurrent mail consumer: the account's SES maximum send rate
   * (GetSendQuota's MaxSendRate), enforced by shared/mail/pacing.ts the same way locally and in AWS.
   */
  SES_MAX_SEND_RATE: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10_000)), 14),
  /**
   * Seconds during which a recipient's e-mail that SES refuses is tried again (with back-off) before the
   * recipient is parked as failed. Throttling, timeouts and SES 5xx never park: they only delay.
   */
  MAIL_RETRY_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1)), 3600),
  /** Back-off of a failed send: full jitter over base·2^(attempt-1), capped (seconds). */
  MAIL_BACKOFF_BASE_SECONDS: z._default(z.coerce.number().check(z.gte(0)), 2),
  MAIL_BACKOFF_MAX_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(43_200)), 900),
  /**
   * The mail queue's visibility timeout in seconds, which is also the lease of a recipient's mail claim
   * (a crashed attempt's claim runs out when its message reappears). Unset (AWS): the queue's own,
   * functions/queues.ts (180 s). The local stack creates its queue with the same value, so the two
   * always agree; the fan-out proofs shorten it to wait out a crash in seconds instead of minutes.
   */
  MAIL_QUEUE_VISIBILITY_SECONDS: z.optional(z.coerce.number().check(z.int(), z.gte(10), z.lte(43_200))),
  /**
   * How long past its due time (enqueued and claimed; a lease's end; a back-off's end) a pending e-mail
   * waits before the mail sweeper enqueues it again. Default 120 s; the fan-out proofs shorten it.
   */
  MAIL_SWEEP_GRACE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3600)), 120),
  /**
   * How long a reminder run's enqueuing (its fan-out, or a unit's one letter) may stand still before the
   * reminder sweeper puts its next page or letter on the mail queue again (shared/services/reminder-sweep.ts).
   * Default 120 s; the tests shorten it.
   */
  REMINDER_SWEEP_GRACE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3600)), 120),
  /** Days a link stays valid after the dispatch's last due date, unless the dispatch sets its own grace. */
  LINK_GRACE_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(365)), 30),
  /** Where signing keys live: `kms` (AWS) or `local` (the development CA under LOCAL_CA_DIR). */
  SIGNING_BACKEND: z._default(z.enum(['kms', 'local']), 'kms'),
  /** KMS aliases `alias/<prefix>/<identity>` and SSM parameters `/<prefix>/certificates/<identity>`. */
  SIGNING_KEY_PREFIX: z._default(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/)), 'congvan'),
  /**
   * RFC 3161 time-stamping authority (PAdES-B-T and the document time-stamp). Required to sign: a
   * letter is never signed or issued without its time-stamp. Locally: the stand-in of the local stack.
   */
  TSA_URL: optionalUrl,
  /** How long the TSA may take before the step fails (and the caller's retry takes it again). */
  TSA_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(60_000)), 5000),
  /**
   * Revocation sources of the signers' CA (long-term validation data, PAdES-B-LT): its CRL and its
   * OCSP responder. Certificates of other issuers (a TSA's) are checked at the URLs they name.
   */
  CA_CRL_URL: optionalUrl,
  CA_OCSP_URL: optionalUrl,
  REVOCATION_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(60_000)), 5000),
  /** Local stack only: the development CA's directory (created on first start). */
  LOCAL_CA_DIR: z.optional(z.string().check(z.minLength(1))),
  /** Where the audit seals go (AWS: a bucket with Object Lock in compliance mode). Unset: `audit-seals/` in PDF_BUCKET (local stack). */
  AUDIT_SEAL_BUCKET: z.optional(z.string().check(z.minLength(1))),
  /** Requests per minute one link token may make to the link pages (opening, reading, submitting). */
  LINK_RATE_PER_TOKEN: z._default(z.coerce.number().check(z.int(), z.gte(1)), 60),
  /** Requests per minute one source address may make to the link pages, valid token or not. */
  LINK_RATE_PER_IP: z._default(z.coerce.number().check(z.int(), z.gte(1)), 600),
  /** Staff web pages: who issues the access tokens the session cookie holds (Cognito, or the local issuer). */
  STAFF_TOKEN_ISSUER: z.optional(z.string().check(z.url())),
  STAFF_TOKEN_JWKS_URL: z.optional(z.string().check(z.url())),
  STAFF_TOKEN_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  /** AWS: the Cognito domain whose hosted sign-in the staff pages send people to (code flow with PKCE). */
  STAFF_HOSTED_UI_URL: z.optional(z.string().check(z.url())),
  /** AWS: the staff user pool, whose accounts the people-identity-sync consumer keeps in step with the directory. */
  STAFF_USER_POOL_ID: z.optional(z.string().check(z.minLength(1))),
  /**
   * Local stack only: the file the business metrics' EMF lines are appended to (shared/metrics.ts), instead of
   * stdout, where Lambda's log takes them to CloudWatch. Never set in AWS.
   */
  LOCAL_METRICS_FILE: z.optional(z.string().check(z.minLength(1))),
  /** Local stack only: the local identity issuer's demo sign-in (`/dev/sign-in`). Never set in AWS. */
  LOCAL_DEV_SIGN_IN_URL: z.optional(z.string().check(z.url())),
  /**
   * In AWS: the value CloudFront sends in `x-origin-verify` (infra/aws/edge.ts). When set, every HTTP
   * handler refuses requests without it, so the API answers only through the distribution and its WAF.
   * Unset locally (no edge).
   */
  ORIGIN_VERIFY_SECRET: z.optional(z.string().check(z.minLength(32))),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = schema.safeParse(process.env, { error: englishIssues() });
    if (!parsed.success) {
      const missing = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${missing}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Names of the variables, for the CDK app and the local stack that set them. */
export const configKeys = Object.keys(schema.shape) as (keyof Config)[];
