import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { englishIssues } from '../../shared/schemas/english-issues';

/**
 * Deployment settings, read from CDK context (`cdk.json` or `cdk synth -c key=value`) and validated
 * up front, so a typo fails synth with a clear message instead of deploying a broken sender address.
 */
export interface DeploySettings {
  /** Sender address of every email (MAIL_FROM). */
  readonly mailFrom: string;
  /**
   * The SES identity that authorises `mailFrom`: its domain (the default; DKIM-signed, any address
   * of the domain may send) or the address itself (quick trials without DNS access).
   */
  readonly mailIdentity: string;
  /** Base URL of emailed links (PUBLIC_BASE_URL); defaults to the API's own endpoint. */
  readonly publicBaseUrl?: string;
  /** LINK_GRACE_DAYS for the handlers. */
  readonly linkGraceDays: number;
  /** SES_MAX_SEND_RATE: the account's SES maximum send rate (e-mails per second), shared by every mail consumer. */
  readonly sesMaxSendRate: number;
  /** Optional address subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** SIGNING_KEY_PREFIX: KMS aliases `alias/<prefix>/<identity>`, SSM `/<prefix>/certificates/<identity>`. */
  readonly signingKeyPrefix: string;
  /** One KMS signing key per identity: `agency-<issuer code>` and `person-<staff user id>`. */
  readonly signingIdentities: readonly string[];
  /**
   * TSA_URL: the RFC 3161 time-stamping authority of every signature (PAdES-B-T) and of the document
   * time-stamp. Without it nothing is signed (the sign route and the issue step fail visibly).
   */
  readonly tsaUrl?: string;
  /** CA_CRL_URL / CA_OCSP_URL: where the signers' CA publishes its CRL and answers OCSP (PAdES-B-LT). */
  readonly caCrlUrl?: string;
  readonly caOcspUrl?: string;
}

/** The example dispatch's agency and signer; a real deployment lists its own (`-c signingIdentities=…`). */
export const DEFAULT_SIGNING_IDENTITIES = 'agency-TCTHADS,person-u-nguyen-van-luc';

export const DEFAULT_MAIL_FROM = 'congvan@example.gov.vn';

const optionalText = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((v: string) => (v === '' ? undefined : v)),
  ),
);

const schema = z
  .object({
    mailFrom: z._default(z.email(), DEFAULT_MAIL_FROM),
    mailIdentity: optionalText,
    publicBaseUrl: z.pipe(optionalText, z.optional(z.url({ protocol: /^https$/ }))),
    linkGraceDays: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(365)), 30),
    sesMaxSendRate: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10_000)), 14),
    alarmEmail: z.pipe(optionalText, z.optional(z.email())),
    signingKeyPrefix: z._default(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/)), 'congvan'),
    tsaUrl: z.pipe(optionalText, z.optional(z.url({ protocol: /^https?$/ }))),
    caCrlUrl: z.pipe(optionalText, z.optional(z.url({ protocol: /^https?$/ }))),
    caOcspUrl: z.pipe(optionalText, z.optional(z.url({ protocol: /^https?$/ }))),
    signingIdentities: z.pipe(
      z.pipe(
        z._default(z.string(), DEFAULT_SIGNING_IDENTITIES),
        z.transform((v: string) => v.split(',').map((x) => x.trim()).filter(Boolean)),
      ),
      z.array(z.string().check(z.regex(/^(agency|person)-[A-Za-z0-9_-]+$/, 'each must be agency-<code> or person-<user id>'))).check(z.minLength(1)),
    ),
  })
  .check(
    z.superRefine((s, ctx) => {
      const identity = s.mailIdentity ?? domainOf(s.mailFrom);
      if (identity !== s.mailFrom && identity !== domainOf(s.mailFrom)) {
        ctx.addIssue({ code: 'custom', path: ['mailIdentity'], message: `must be ${s.mailFrom} or its domain ${domainOf(s.mailFrom)}` });
      }
    }),
  );

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

export function readSettings(scope: Construct): DeploySettings {
  const raw = Object.fromEntries(
    ['mailFrom', 'mailIdentity', 'publicBaseUrl', 'linkGraceDays', 'sesMaxSendRate', 'alarmEmail', 'signingKeyPrefix', 'signingIdentities', 'tsaUrl', 'caCrlUrl', 'caOcspUrl'].map((key) => [key, scope.node.tryGetContext(key)]),
  );
  const parsed = schema.safeParse(raw, { error: englishIssues() });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid CDK context: ${problems}`);
  }
  const s = parsed.data;
  return {
    mailFrom: s.mailFrom,
    mailIdentity: s.mailIdentity ?? domainOf(s.mailFrom),
    linkGraceDays: s.linkGraceDays,
    sesMaxSendRate: s.sesMaxSendRate,
    signingKeyPrefix: s.signingKeyPrefix,
    signingIdentities: s.signingIdentities,
    ...(s.publicBaseUrl ? { publicBaseUrl: s.publicBaseUrl.replace(/\/+$/, '') } : {}),
    ...(s.alarmEmail ? { alarmEmail: s.alarmEmail } : {}),
    ...(s.tsaUrl ? { tsaUrl: s.tsaUrl } : {}),
    ...(s.caCrlUrl ? { caCrlUrl: s.caCrlUrl } : {}),
    ...(s.caOcspUrl ? { caOcspUrl: s.caOcspUrl } : {}),
  };
}
