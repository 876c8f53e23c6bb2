import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_RATE_LIMITS, LARGE_BODY_PATHS, MANAGED_RULE_GROUPS } from '../../infra/aws/edge';
import { routes } from '../../functions/routes';
import { removeOutdirs, resourcesOf, stubApp, type CfnResource } from './support';

/**
 * Issue 13, the edge: CloudFront with AWS WAF in front of the HTTP API. The WebACL (CLOUDFRONT scope)
 * is in its own us-east-1 stack; the distribution in the main stack reads its ARN across regions.
 */
let main: Template;
let waf: Template;
let acl: CfnResource;
let distribution: CfnResource;
let mainRegion: string;

beforeAll(() => {
  const built = stubApp();
  main = built.template();
  waf = Template.fromStack(built.waf);
  mainRegion = built.stack.region;
  acl = Object.values(resourcesOf(waf, 'AWS::WAFv2::WebACL'))[0]!;
  distribution = Object.values(resourcesOf(main, 'AWS::CloudFront::Distribution'))[0]!;
});
afterAll(removeOutdirs);

type Rule = Record<string, any>;
const rules = () => acl.Properties.Rules as Rule[];
const rule = (name: string) => rules().find((r) => r.Name === name)!;

describe('WAF WebACL', () => {
  it('is a CLOUDFRONT WebACL in a us-east-1 stack of its own, attached to the distribution', () => {
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(waf.toJSON().Resources && Object.keys(resourcesOf(waf, 'AWS::WAFv2::WebACL'))).toHaveLength(1);
    expect(mainRegion).not.toBe('us-east-1');
    // The ARN crosses regions as a weak reference: CloudFormation reads the WAF stack's output.
    const webAclId = distribution.Properties.DistributionConfig.WebACLId as Record<string, unknown[]>;
    expect(webAclId['Fn::GetStackOutput']).toBeDefined();
    expect(JSON.stringify(webAclId)).toContain('us-east-1');
  });

  it('limits each address on the emailed link (/l…) and verification (/verify…) with the documented limits, answering 429', () => {
    for (const [name, limits] of [
      ['LinkRatePerAddress', EDGE_RATE_LIMITS.links],
      ['VerifyRatePerAddress', EDGE_RATE_LIMITS.verify],
    ] as const) {
      const r = rule(name);
      const stmt = r.Statement.RateBasedStatement;
      expect(stmt.AggregateKeyType).toBe('IP');
      expect(stmt.Limit).toBe(limits.limit);
      expect(stmt.EvaluationWindowSec).toBe(limits.windowSeconds);
      expect(stmt.ScopeDownStatement.ByteMatchStatement).toMatchObject({ SearchString: limits.path, PositionalConstraint: 'STARTS_WITH', FieldToMatch: { UriPath: {} } });
      expect(r.Action.Block.CustomResponse.ResponseCode).toBe(429);
    }
    expect(EDGE_RATE_LIMITS).toEqual({ links: { path: '/l', limit: 1000, windowSeconds: 300 }, verify: { path: '/verify', limit: 100, windowSeconds: 300 } });
    // Every link and verification route is covered by its prefix.
    for (const r of routes.filter((x) => x.id.startsWith('link-'))) expect(r.path.startsWith('/l')).toBe(true);
    for (const r of routes.filter((x) => x.id.startsWith('verify-'))) expect(r.path.startsWith('/verify')).toBe(true);
    // Only the link routes start with /l: the limit hits nothing else.
    for (const r of routes.filter((x) => !x.id.startsWith('link-'))) expect(r.path === '/l' || r.path.startsWith('/l/')).toBe(false);
  });

  it('runs the AWS managed rule groups, the IP reputation list first', () => {
    const managed = rules().filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.Name).sort()).toEqual([...MANAGED_RULE_GROUPS].sort());
    for (const r of managed) {
      expect(r.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
      expect(r.OverrideAction).toEqual({ None: {} });
    }
    expect(rule('AWSManagedRulesAmazonIpReputationList').Priority).toBe(0);
    expect(new Set(rules().map((r) => r.Priority)).size).toBe(rules().length);
  });

  it('blocks bodies over 8 KB except on the upload, import, dispatch and staff form paths', () => {
    const common = rule('AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    const oversize = rule('OversizeBodyOutsideUploads');
    expect(oversize.Priority).toBeGreaterThan(common.Priority);
    expect(oversize.Action).toEqual({ Block: {} });
    const [label, not] = oversize.Statement.AndStatement.Statements;
    expect(label.LabelMatchStatement).toEqual({ Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' });
    const exempt = not.NotStatement.Statement.OrStatement.Statements.map((s: Rule) => s.ByteMatchStatement.SearchString);
    expect(exempt).toEqual([...LARGE_BODY_PATHS]);
    // Each exempt prefix is a real route's, and the PDF upload and CSV imports are among them.
    for (const p of exempt) expect(routes.some((r) => r.method !== 'GET' && r.path.startsWith(p)), p).toBe(true);
    for (const id of ['verify-upload', 'directory-import', 'people-import']) {
      const r = routes.find((x) => x.id === id)!;
      expect(exempt.some((p: string) => r.path.startsWith(p)), id).toBe(true);
    }
    // The emailed link's small forms are not exempt.
    expect(exempt.some((p: string) => '/l/report'.startsWith(p))).toBe(false);
  });
});

describe('CloudFront distribution', () => {
  const behavior = () => distribution.Properties.DistributionConfig.DefaultCacheBehavior as Record<string, any>;
  const origins = () => distribution.Properties.DistributionConfig.Origins as Record<string, any>[];

  it('sends every request to the HTTP API over TLS 1.2, uncached, with all viewer headers but Host', () => {
    expect(resourcesOf(main, 'AWS::CloudFront::Distribution')).toSatisfy((d: object) => Object.keys(d).length === 1);
    const [origin] = origins();
    expect(JSON.stringify(origin!.DomainName)).toMatch(/ApiHttpApi/);
    expect(origin!.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(behavior().CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(behavior().OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    expect(behavior().AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    expect(behavior().ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.TargetOriginId).toBe(origin!.Id);
  });

  it('is the only way in: CloudFront adds the secret header the handlers require', () => {
    const [origin] = origins();
    const headers = origin!.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[];
    expect(headers.map((h) => h.HeaderName)).toEqual(['x-origin-verify']);
    const secretRef = JSON.stringify(headers[0]!.HeaderValue);
    expect(secretRef).toMatch(/resolve:secretsmanager/);
    expect(secretRef).toMatch(/EdgeOriginVerify/);
    const secrets = resourcesOf(main, 'AWS::SecretsManager::Secret');
    expect(Object.keys(secrets).filter((id) => id.startsWith('EdgeOriginVerify'))).toHaveLength(1);
    // Every function gets the same value and refuses requests without it (shared/http/edge.ts).
    const functions = Object.values(resourcesOf(main, 'AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.TABLE_NAME);
    expect(functions.length).toBeGreaterThan(50);
    for (const f of functions) expect(JSON.stringify(f.Properties.Environment.Variables.ORIGIN_VERIFY_SECRET)).toMatch(/resolve:secretsmanager.*EdgeOriginVerify/);
  });

  it('is the base of emailed links and of the staff sign-in callback', () => {
    const outputs = main.findOutputs('*');
    expect(JSON.stringify(outputs['PublicUrl']!.Value)).toMatch(/EdgeDistribution.*DomainName/);
    const clients = Object.values(resourcesOf(main, 'AWS::Cognito::UserPoolClient')).filter((c) => c.Properties.CallbackURLs);
    expect(clients).toHaveLength(1);
    expect(JSON.stringify(clients[0]!.Properties.CallbackURLs)).toMatch(/EdgeDistribution.*DomainName/);
  });

  it('follows publicBaseUrl when it is set (a custom domain on the distribution)', () => {
    const t = stubApp({ publicBaseUrl: 'https://congvan.tp.gov.vn/' }).template();
    const fn = Object.values(resourcesOf(t, 'AWS::Lambda::Function')).find((f) => f.Properties.Environment?.Variables?.TABLE_NAME)!;
    expect(fn.Properties.Environment.Variables.PUBLIC_BASE_URL).toBe('https://congvan.tp.gov.vn');
  });
});
