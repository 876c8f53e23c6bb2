import { Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/edge';

/**
 * Per-address limits at the edge (AWS WAF rate-based rules, counted per viewer IP over 5 minutes),
 * sized in infra/aws/README.md ("Limits"). WAF blocks before CloudFront forwards, so a flooding
 * address never reaches API Gateway's shared stage and route buckets.
 */
export const EDGE_RATE_LIMITS = {
  /** The emailed link: `/l/{token}`, `/l`, `/l/pdf`, the `/l/…` forms. */
  links: { path: '/l', limit: 1000, windowSeconds: 300 },
  /** Public verification: the form, an upload, a stored letter. */
  verify: { path: '/verify', limit: 100, windowSeconds: 300 },
} as const;

/**
 * Paths whose bodies are legitimately larger than the 8 KB of the Common Rule Set's
 * SizeRestrictions_BODY: the PDF upload of POST /verify (up to 4 MB), the CSV imports, a dispatch's JSON
 * with hundreds of addressees, and the staff pages' forms (the same dispatch form). Everywhere else an
 * oversize body is blocked as the rule intends.
 */
export const LARGE_BODY_PATHS = ['/verify', '/directory/units.csv', '/people.csv', '/dispatches', '/groups', '/app/'] as const;

/** The label SizeRestrictions_BODY adds when it matches (its action is overridden to count). */
const SIZE_BODY_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';

export const MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet'] as const;

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

const startsWith = (path: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

/**
 * The WebACL for CloudFront. A CLOUDFRONT-scope WebACL exists only in us-east-1, so it lives in a stack of
 * its own there; the main stack (in the deployment's region) reads its ARN through CDK's weak cross-stack
 * reference (`Fn::GetStackOutput`, no custom resource, cdk.json `@aws-cdk/core:defaultCrossStackReferences`),
 * and `cdk deploy CongVanStack` deploys this stack first as its dependency.
 */
export class EdgeWafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const rateRule = (name: string, priority: number, rule: { path: string; limit: number; windowSeconds: number }): CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany', responseHeaders: [{ name: 'retry-after', value: String(rule.windowSeconds) }] } } },
      statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: rule.limit, evaluationWindowSec: rule.windowSeconds, scopeDownStatement: startsWith(rule.path) } },
      visibilityConfig: visibility(name),
    });
    const managed = (name: (typeof MANAGED_RULE_GROUPS)[number], priority: number, extra: Partial<CfnWebACL.ManagedRuleGroupStatementProperty> = {}): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...extra } },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Cong van tracker: per-address limits on the emailed link and verification, AWS managed rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('congvan-edge'),
      customResponseBodies: {
        tooMany: { contentType: 'TEXT_PLAIN', content: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút. / Too many requests. Please try again in a few minutes.' },
      },
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        rateRule('LinkRatePerAddress', 1, EDGE_RATE_LIMITS.links),
        rateRule('VerifyRatePerAddress', 2, EDGE_RATE_LIMITS.verify),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
        // SizeRestrictions_BODY only counts (and labels); the next rule blocks by its label outside the
        // paths that take large bodies.
        managed('AWSManagedRulesCommonRuleSet', 4, { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] }),
        {
          name: 'OversizeBodyOutsideUploads',
          priority: 5,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                { labelMatchStatement: { scope: 'LABEL', key: SIZE_BODY_LABEL } },
                { notStatement: { statement: { orStatement: { statements: LARGE_BODY_PATHS.map(startsWith) } } } },
              ],
            },
          },
          visibilityConfig: visibility('OversizeBodyOutsideUploads'),
        },
      ],
    });
    Validations.of(this.webAcl).acknowledge({
      id: 'NIST.800.53.R5-WAFv2LoggingEnabled',
      reason: 'Full WAF logs record each request\'s URI, and the emailed links carry their token in the path (/l/{token}), which the API access log leaves out for that reason; each rule\'s CloudWatch metrics and sampled requests are on (visibilityConfig) for what was blocked and why.',
    });
  }
}

export interface ApiEdgeProps {
  /** The HTTP API's endpoint, `https://<id>.execute-api.<region>.amazonaws.com`. */
  readonly apiEndpoint: string;
  /** The us-east-1 WebACL (EdgeWafStack). */
  readonly webAclArn: string;
}

/**
 * CloudFront in front of the HTTP API: every request goes through the WebACL; nothing is cached (the API
 * answers per user, per token, per cookie); all viewer headers, cookies and query strings go to the origin
 * but Host (API Gateway routes on its own host name), plus CloudFront-Viewer-Address, the client's address.
 * CloudFront adds `x-origin-verify` with a generated secret; the handlers refuse requests without it
 * (shared/http/edge.ts): HTTP APIs have no resource policy to do it at the stage.
 */
export class ApiEdge extends Construct {
  readonly distribution: Distribution;
  readonly originSecret: Secret;

  constructor(scope: Construct, id: string, props: ApiEdgeProps) {
    super(scope, id);
    this.originSecret = new Secret(this, 'OriginVerify', {
      description: 'Value CloudFront sends in x-origin-verify; the API handlers refuse requests without it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originSecret).acknowledge(
      {
        id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        reason: 'The origin marker is read at deploy into both the CloudFront origin header and the handlers\' environment; a rotation in Secrets Manager would change neither and cut the API off. It is replaced by deploying (see AwsSolutions-SMG4).',
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
        reason: 'The value is also in the distribution\'s configuration and the functions\' environment, set at deploy; a customer managed key on the secret would guard only one of three copies, so the AWS managed key is used.',
      },
    );
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not a user credential but a shared marker between CloudFront (origin header) and the handlers (environment), both set by this stack from the same value at deploy; rotating it alone would cut the API off until the next deploy. Replace it by changing the construct and deploying.',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Cong van tracker API, behind AWS WAF',
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    const why: Record<string, string> = {
      'AwsSolutions-CFR1':
        'No geo restriction: the units are Vietnamese state bodies, but officials open their links while travelling or through VPNs, and anyone may verify a letter; the WebACL limits each address and drops known-bad ones instead.',
      'AwsSolutions-CFR3':
        'No CloudFront access log bucket: every request is logged by the API stage access log (JSON, one year) and WAF keeps sampled requests; the origin sees the client address in CloudFront-Viewer-Address.',
      'AwsSolutions-CFR4':
        'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer TLS policy; with a custom domain and ACM certificate set TLSv1.2_2021. The origin side is TLS 1.2 only.',
    };
    for (const [nagId, reason] of Object.entries(why)) Validations.of(this.distribution).acknowledge({ id: nagId, reason });
  }

  /** `https://<id>.cloudfront.net`. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
