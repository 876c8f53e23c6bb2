import { CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumers, matchesFilter, type ConsumerDef } from '../../functions/consumers';
import { queues } from '../../functions/queues';
import { AUDIT_SEAL_JOB, CLOSING_JOB, DIGEST_JOB, jobs, MAIL_SWEEP_JOB, REMINDER_JOB, SES_EVENTS_JOB, type JobDef } from '../../functions/jobs';
import { routes, type RouteDef } from '../../functions/routes';
import type { HandlerFunction } from '../../infra/aws/handler-function';
import { IMAGE_KEY_PREFIX, PDF_KEY_PREFIX } from '../../infra/aws/pdf-storage';
import { sealImageKey, signatureImageKey } from '../../shared/data/signature-image-store';
import { DEFAULT_MAIL_FROM } from '../../infra/aws/settings';
import type { AuditSeals } from '../../infra/aws/audit-seals';
import type { SigningKeys } from '../../infra/aws/signing';
import { RESERVED_CONCURRENCY, TOTAL_RESERVED } from '../../infra/aws/reserved-concurrency';
import { type CongVanStack, constructIdOf, FUNCTION_HEALTH_STACK, FUNCTIONS_WITHOUT_TABLE, ROUTE_STACKS, routeStackOf, GET_ROUTES_THAT_WRITE, POST_ROUTES_THAT_ONLY_READ, rendersPdf } from '../../infra/aws/stack';
import { configKeys } from '../../shared/config';
import { COGNITO_SYNC_ACTIONS } from '../../shared/identity/cognito';
import { projectionOf, tableDefinition } from '../../shared/data/table';
import { roles } from '../../shared/roles';
import { pdfKeyOf } from '../../shared/services/letter';
import { actionsOf, refTarget, removeOutdirs, resourcesOf, statementsByRole, stubApp } from './support';

let stack: CongVanStack;
let template: Template;

beforeAll(() => {
  const built = stubApp();
  stack = built.stack;
  template = built.template();
});
afterAll(removeOutdirs);

/** The logical ids of a route's or consumer's function and role. */
function handlerIds(id: string) {
  const handler = stack.handlers.get(id)!;
  // Resolved in the stack that holds it: route functions sit in nested stacks.
  const logicalId = (c: { node: { defaultChild?: unknown } }) => {
    const element = c.node.defaultChild as CfnElement;
    return element.stack.resolve(element.logicalId) as string;
  };
  return { fn: logicalId(handler.fn), role: logicalId(handler.role), logs: logicalId(handler.logGroup) };
}

const functions = () => resourcesOf(template, 'AWS::Lambda::Function');
const needsOf = (def: RouteDef | ConsumerDef | JobDef) => def.needs ?? [];
const allHandlers = () => [
  ...routes.map((r) => ({ ...handlerIds(r.id), id: r.id, needs: needsOf(r) })),
  ...consumers.map((c) => ({ ...handlerIds(c.id), id: c.id, needs: needsOf(c) })),
  ...jobs.map((j) => ({ ...handlerIds(j.id), id: j.id, needs: needsOf(j) })),
  ...queues.map((q) => ({ ...handlerIds(`queue:${q.id}`), id: `queue:${q.id}`, needs: q.needs.filter((n) => n === 'mail') })),
];

describe('stack split', () => {
  it('keeps the main stack and each nested route stack well under 500 resources, every route in the stack of its audience', () => {
    const nested = stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c));
    expect(nested.map((n) => n.node.id).sort()).toEqual([...Object.keys(ROUTE_STACKS), FUNCTION_HEALTH_STACK].sort());
    for (const s of [stack, ...nested]) {
      const count = Object.keys(Template.fromStack(s).toJSON().Resources as object).length;
      // CloudFormation's limit is 500; 400 leaves room for a dozen more rows or signing keys.
      expect(count, s.node.path).toBeLessThan(400);
    }
    for (const route of routes) expect(Stack.of(stack.handlers.get(route.id)!.fn).node.id, route.id).toBe(routeStackOf(route));
  });
});

describe('HTTP API', () => {
  it('has exactly one route per route-table row, each integrated with its own function', () => {
    const apiRoutes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    expect(apiRoutes).toHaveLength(routes.length);
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    for (const route of routes) {
      const matching = apiRoutes.filter((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(matching, `${route.method} ${route.path}`).toHaveLength(1);
      // Target is "integrations/<Ref integration>"; the integration invokes this route's function.
      const target = JSON.stringify(matching[0]!.Properties.Target);
      const integrationId = Object.keys(integrations).find((id) => target.includes(`"${id}"`));
      expect(integrationId, route.id).toBeDefined();
      const integration = integrations[integrationId!]!.Properties;
      expect(integration.IntegrationType).toBe('AWS_PROXY');
      expect(integration.PayloadFormatVersion).toBe('2.0');
      expect(refTarget(integration.IntegrationUri)).toBe(handlerIds(route.id).fn);
    }
  });

  it('puts the Cognito JWT authorizer on every non-public route and none on public ones', () => {
    const [authorizerId, authorizer] = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer'))[0]!;
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const jwt = authorizer.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
    expect(jwt.Issuer).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AuthUserPool/), 'ProviderURL'] });
    expect(jwt.Audience).toEqual([{ Ref: expect.stringMatching(/^AuthUserPoolClient/) }]);

    const byKey = new Map(Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, r.Properties]));
    for (const route of routes) {
      const props = byKey.get(`${route.method} ${route.path}`)!;
      if (route.access === 'public') {
        expect(props.AuthorizationType, route.id).toBe('NONE');
        expect(props.AuthorizerId, route.id).toBeUndefined();
      } else {
        expect(props.AuthorizationType, route.id).toBe('JWT');
        expect(props.AuthorizerId, route.id).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('logs access as JSON without the raw path (it carries link tokens) and throttles the default stage', () => {
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties.StageName).toBe('$default');
    expect(stage!.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format)).not.toContain('$context.path');
    expect(refTarget(stage!.Properties.AccessLogSettings.DestinationArn)).toMatch(/^ApiAccessLogs/);
  });

  it('limits the public verification and emailed-link routes below the stage, once their routes exist', () => {
    const stage = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'))[0]!;
    const throttled = routes.filter((r) => r.throttle);
    expect(throttled.map((r) => r.id).sort()).toEqual(['link-accounts', 'link-acknowledge', 'link-open', 'link-page', 'link-pdf', 'link-report', 'verify-page', 'verify-upload']);
    // The stage sizing of infra/aws/README.md ("Limits").
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    const apiRoutes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
    for (const route of throttled) {
      const key = `${route.method} ${route.path}`;
      expect(stage.Properties.RouteSettings[key], key).toEqual({ ThrottlingRateLimit: route.throttle!.rateLimit, ThrottlingBurstLimit: route.throttle!.burstLimit });
      expect(route.throttle!.rateLimit).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit);
      // CloudFormation rejects settings for a route key it has not created yet.
      const routeId = Object.keys(apiRoutes).find((id) => apiRoutes[id]!.Properties.RouteKey === key)!;
      expect(stage.DependsOn, key).toContain(routeId);
    }
  });

  it('has no CORS configuration', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });
});

describe('Lambda functions', () => {
  it('are exactly the route, consumer and scheduled-job handlers, all Node 24 on ARM with tracing, sizing and their own log group', () => {
    // Routes, stream consumers, the jobs, and one consumer per queue (functions/queues.ts).
    expect(Object.keys(functions())).toHaveLength(routes.length + consumers.length + jobs.length + queues.length);
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
    for (const h of allHandlers()) {
      const props = functions()[h.fn]!.Properties;
      expect(props.Runtime, h.id).toBe('nodejs24.x');
      expect(props.Architectures, h.id).toEqual(['arm64']);
      expect(props.TracingConfig, h.id).toEqual({ Mode: 'Active' });
      expect(props.MemorySize, h.id).toBeGreaterThanOrEqual(512);
      expect(props.Timeout, h.id).toBeGreaterThan(3);
      expect(props.LoggingConfig, h.id).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: h.logs } });
      expect(logGroups[h.logs]!.Properties.RetentionInDays, h.id).toBeGreaterThan(0);
      // Its own role: no AWS managed policy.
      expect(refTarget(props.Role), h.id).toBe(h.role);
    }
    for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('get every configuration key handlers read in AWS (not the region, not the emulator endpoints)', () => {
    const expected = configKeys.filter((k) => k !== 'AWS_REGION' && !k.endsWith('_ENDPOINT') && !k.startsWith('LOCAL_'));
    for (const h of allHandlers()) {
      const variables = functions()[h.fn]!.Properties.Environment.Variables as Record<string, unknown>;
      const pdf = rendersPdf(h.needs);
      // web-get also serves PDF.js to browsers: its files ship beside the bundle (PDFJS_DIR).
      const viewer = (h.needs as readonly string[]).includes('pdfViewer');
      expect(Object.keys(variables).sort(), h.id).toEqual([...expected, 'POWERTOOLS_SERVICE_NAME', ...(pdf ? ['TINOS_FONT_DIR'] : []), ...(viewer ? ['PDFJS_DIR'] : [])].sort());
      expect(variables.MAIL_FROM).toBe(DEFAULT_MAIL_FROM);
      // Emailed links point at the CloudFront distribution (its WAF) unless publicBaseUrl is set.
      expect(variables.PUBLIC_BASE_URL).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^EdgeDistribution/), 'DomainName'] }]] });
      expect(refTarget(variables.TABLE_NAME)).toMatch(/^DataTable/);
      expect(refTarget(variables.PDF_BUCKET)).toMatch(/^StoragePdfs/);
    }
  });
});

describe('scheduled reminders', () => {
  it('run the reminder, digest and closing jobs on their schedules, with retries and their own failure queue on the target', () => {
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule')).filter(
      (r) =>
        r.Properties.ScheduleExpression &&
        ![handlerIds(AUDIT_SEAL_JOB.id).fn, handlerIds(MAIL_SWEEP_JOB.id).fn].includes(refTarget((r.Properties.Targets as Record<string, any>[])[0]!.Arn)!),
    );
    // The reminders, the leaders' overdue digest and the closing of dispatches (the audit seal: below; the mail sweeper: every five minutes, below).
    // Reminders run hourly through the Vietnamese working day (issue 10): a walk that stopped before its
    // timeout continues at the next run; closing runs daily before them.
    const schedules: Record<string, string> = {
      [handlerIds(REMINDER_JOB.id).fn]: 'cron(0 1-10 * * ? *)',
      [handlerIds(DIGEST_JOB.id).fn]: 'cron(0 1 * * ? *)',
      [handlerIds(CLOSING_JOB.id).fn]: 'cron(0 0 * * ? *)',
    };
    expect(rules).toHaveLength(3);
    const targets = rules.map((r) => {
      const [target] = r.Properties.Targets as Record<string, any>[];
      expect(r.Properties.ScheduleExpression).toBe(schedules[refTarget(target!.Arn)!]);
      expect(target!.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
      expect(refTarget(target!.DeadLetterConfig.Arn)).toMatch(/^(Reminders|OverdueDigest|CloseDispatches)JobFailures/);
      return refTarget(target!.Arn);
    });
    expect(targets.sort()).toEqual(Object.keys(schedules).sort());
  });
});

describe('mail sweeper', () => {
  it('runs every five minutes, reads the table and may only send to the mail queue', () => {
    const rule = Object.values(resourcesOf(template, 'AWS::Events::Rule')).find((r) => refTarget((r.Properties.Targets as Record<string, any>[])[0]!.Arn) === handlerIds(MAIL_SWEEP_JOB.id).fn)!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
  });
});

describe('SES delivery events', () => {
  it('go from the identity\'s configuration set through EventBridge to the ses-events function', () => {
    const destinations = Object.values(resourcesOf(template, 'AWS::SES::ConfigurationSetEventDestination'));
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]!.Properties.EventDestination;
    expect([...destination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery']);
    expect(JSON.stringify(destination.EventBridgeDestination)).toContain('event-bus/default');
    const identity = Object.values(resourcesOf(template, 'AWS::SES::EmailIdentity'))[0]!.Properties;
    expect(identity.ConfigurationSetAttributes).toBeDefined();
    const rule = Object.values(resourcesOf(template, 'AWS::Events::Rule')).find((r) => r.Properties.EventPattern)!.Properties;
    expect(rule.EventPattern).toEqual({ source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] });
    expect(refTarget(rule.Targets[0].Arn)).toBe(handlerIds(SES_EVENTS_JOB.id).fn);
  });
});

describe('DynamoDB table', () => {
  it('matches shared/data/table.ts: keys, GSIs, stream, TTL', () => {
    const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
    const p = table!.Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: projectionOf(i),
      })),
    );
    expect(p.StreamSpecification).toEqual({ StreamViewType: tableDefinition.streamViewType });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true });
  });

  it('is on-demand, encrypted, point-in-time recoverable and protected from deletion', () => {
    const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
    expect(table!.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table!.DeletionPolicy).toBe('Retain');
  });

  it('is written only by routes that change state (GET routes read, except the listed ones) and by consumers', () => {
    const statements = statementsByRole(template);
    const writes = (role: string) => statements.get(role)!.some((s) => actionsOf(s).includes('dynamodb:PutItem'));
    const reads = (role: string) => statements.get(role)!.some((s) => actionsOf(s).includes('dynamodb:Query'));
    for (const route of routes) {
      const { role } = handlerIds(route.id);
      expect(reads(role), route.id).toBe(true);
      expect(writes(role), route.id).toBe((route.method !== 'GET' && !POST_ROUTES_THAT_ONLY_READ.has(route.id)) || GET_ROUTES_THAT_WRITE.has(route.id));
    }
    for (const consumer of consumers) expect(writes(handlerIds(consumer.id).role), consumer.id).toBe(!FUNCTIONS_WITHOUT_TABLE.has(consumer.id));
    for (const id of FUNCTIONS_WITHOUT_TABLE) expect(statementsByRole(template).get(handlerIds(id).role)!.some((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:') && !/Stream|Records|ShardIterator/.test(a))), id).toBe(false);
    for (const id of GET_ROUTES_THAT_WRITE) expect(routes.find((r) => r.id === id)?.method, `${id} is still a GET route`).toBe('GET');
  });

  it('is never granted with wildcards (named indexes only, no Scan, no dynamodb:*)', () => {
    for (const statement of [...statementsByRole(template).values()].flat()) {
      const dynamo = actionsOf(statement).filter((a) => a.startsWith('dynamodb:'));
      if (dynamo.length === 0) continue;
      expect(dynamo).not.toContain('dynamodb:Scan');
      expect(dynamo.some((a) => a.includes('*'))).toBe(false);
      expect(JSON.stringify(statement.Resource)).not.toContain('/index/*');
    }
  });
});

describe('stream consumers', () => {
  const mappings = () => Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'));
  const mappingOf = (consumer: ConsumerDef) => {
    const fn = handlerIds(consumer.id).fn;
    const found = mappings().filter((m) => refTarget(m.Properties.FunctionName) === fn);
    expect(found, consumer.id).toHaveLength(1);
    return found[0]!.Properties;
  };

  /** Lambda's event-filter rule for the patterns we generate: arrays list allowed values, objects nest. */
  function patternMatches(pattern: unknown, value: unknown): boolean {
    if (Array.isArray(pattern)) return pattern.includes(value);
    if (pattern && typeof pattern === 'object') {
      return Object.entries(pattern).every(([k, p]) => patternMatches(p, (value as Record<string, unknown> | undefined)?.[k]));
    }
    return false;
  }

  /** Records around a filter: every listed value, plus other event names, other values and missing attributes. */
  function sampleRecords(consumer: ConsumerDef) {
    const attrs = Object.keys(consumer.filter.newImage);
    const values = (attr: string) => [...consumer.filter.newImage[attr]!, 'something-else', undefined];
    let images: Record<string, string | undefined>[] = [{}];
    for (const attr of attrs) images = images.flatMap((img) => values(attr).map((v) => ({ ...img, [attr]: v })));
    const toImage = (img: Record<string, string | undefined>) =>
      Object.fromEntries(Object.entries(img).filter(([, v]) => v !== undefined).map(([k, v]) => [k, { S: v! }]));
    return ['INSERT', 'MODIFY', 'REMOVE'].flatMap((eventName) => images.map((img) => ({ eventName, dynamodb: { NewImage: toImage(img) } })));
  }

  it('read the table stream with filter criteria that accept exactly what matchesFilter accepts', () => {
    // Plus one SQS mapping per work queue (functions/queues.ts), tested below.
    expect(mappings()).toHaveLength(consumers.length + queues.length);
    for (const consumer of consumers) {
      const props = mappingOf(consumer);
      expect(props.EventSourceArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'StreamArn'] });
      const filters = (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      expect(filters).toHaveLength(1);
      const pattern = JSON.parse(filters[0]!.Pattern) as unknown;
      const samples = sampleRecords(consumer);
      expect(samples.some((r) => matchesFilter(consumer.filter, r)), 'samples include matches').toBe(true);
      for (const record of samples) {
        expect(patternMatches(pattern, record), `${consumer.id} ${JSON.stringify(record)}`).toBe(matchesFilter(consumer.filter, record));
      }
    }
  });

  it('use the batch size and attempts of the consumer table, split failing batches, report item failures', () => {
    for (const consumer of consumers) {
      expect(mappingOf(consumer)).toMatchObject({
        BatchSize: consumer.batchSize,
        MaximumRetryAttempts: consumer.maxAttempts - 1,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        StartingPosition: 'TRIM_HORIZON',
      });
    }
  });

  it('park records that keep failing in the consumer\'s own encrypted, TLS-only SQS failure queue', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const seen = new Set<string>();
    for (const consumer of consumers) {
      const destination = (mappingOf(consumer).DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination;
      const queueId = refTarget(destination)!;
      // One queue per consumer (issue 10): a parked record says which consumer failed it.
      expect(queueId).toMatch(new RegExp(`^Consumers${constructIdOf(consumer.id)}SourceFailures`));
      expect(seen.has(queueId), queueId).toBe(false);
      seen.add(queueId);
      expect(queues[queueId]!.Properties.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('PDF bucket', () => {
  const buckets = () => resourcesOf(template, 'AWS::S3::Bucket');
  const pdfBucket = () => Object.entries(buckets()).find(([id]) => id.startsWith('StoragePdfs'))!;

  it('is private, encrypted, versioned, retained and logs access to the log bucket', () => {
    const [, bucket] = pdfBucket();
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(refTarget(bucket.Properties.LoggingConfiguration.DestinationBucketName)).toMatch(/^StorageAccessLogs/);
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses requests without TLS, as does the log bucket', () => {
    for (const id of Object.keys(buckets())) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('is read only by functions needing pdfRead or pdfLink and written only by those needing pdfWrite, under the PDF prefix', () => {
    const statements = statementsByRole(template);
    const [bucketId] = pdfBucket();
    for (const h of allHandlers()) {
      // Statements naming the PDF bucket other than its images prefix (CDK may merge both into one statement).
      const onBucket = (r: unknown) => JSON.stringify(r).includes(bucketId) && !isImages(r);
      const s3 = statements.get(h.role)!.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')) && [s.Resource].flat().some(onBucket));
      expect(s3.flatMap(actionsOf).sort(), h.id).toEqual([...(h.needs.includes('pdfRead') || (h.needs as readonly string[]).includes('pdfLink') ? ['s3:GetObject'] : []), ...(h.needs.includes('pdfWrite') ? ['s3:PutObject'] : [])].sort());
      for (const s of s3) {
        // A statement may also name the audit seals' prefix (same action, merged by CDK): only the PDF bucket's part is checked here.
        const onPdfs = [s.Resource].flat().filter(onBucket);
        expect(onPdfs, h.id).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${PDF_KEY_PREFIX}*`]] }]);
      }
    }
  });

  const isImages = (r: unknown) => JSON.stringify(r).includes(`/${IMAGE_KEY_PREFIX}*`);

  it('lets only the functions that sign read the seal and signature images, and only the upload routes store them, under the images prefix', () => {
    const statements = statementsByRole(template);
    const [bucketId] = pdfBucket();
    const onImages = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${IMAGE_KEY_PREFIX}*`]] };
    for (const h of allHandlers()) {
      const s3 = statements.get(h.role)!.filter((s) => [s.Resource].flat().some(isImages));
      const needs = h.needs as readonly string[];
      expect(s3.flatMap(actionsOf).sort(), h.id).toEqual([...(needs.includes('imageRead') ? ['s3:GetObject'] : []), ...(needs.includes('imageWrite') ? ['s3:PutObject'] : [])].sort());
      for (const s of s3) expect([s.Resource].flat().filter(isImages), h.id).toEqual([onImages]);
    }
    // Every function that signs draws the images; nothing else reads them but the image routes.
    const readers = allHandlers().filter((h) => (h.needs as readonly string[]).includes('imageRead')).map((h) => h.id).sort();
    expect(readers).toEqual(['agencies-seal-image-get', 'dispatch-delivery', 'dispatches-sign', 'me-signature-image-get', 'people-signature-image-get', 'web-get', 'web-sign']);
    expect(sealImageKey('TCTHADS').startsWith(IMAGE_KEY_PREFIX)).toBe(true);
    expect(signatureImageKey('u-1').startsWith(IMAGE_KEY_PREFIX)).toBe(true);
  });

  it('grants the prefix the handlers really use', () => {
    const key = pdfKeyOf({ id: 'd-1', registerYear: 2024, number: 12, content: { issuer: { code: 'TCTHADS' } } } as Parameters<typeof pdfKeyOf>[0]);
    expect(key.startsWith(PDF_KEY_PREFIX)).toBe(true);
  });
});

describe('SES', () => {
  it('verifies the sender domain', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: DEFAULT_MAIL_FROM.split('@')[1] });
  });

  it('lets only functions needing mail send, only through that identity and only as MAIL_FROM', () => {
    const statements = statementsByRole(template);
    const [identityId] = Object.keys(resourcesOf(template, 'AWS::SES::EmailIdentity'));
    const senders: string[] = [];
    for (const h of allHandlers()) {
      const ses = statements.get(h.role)!.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
      if (ses.length > 0) senders.push(h.id);
      for (const s of ses) {
        expect(actionsOf(s).sort()).toEqual(['ses:SendEmail']);
        expect(JSON.stringify(s.Resource)).toContain(`:identity/`);
        expect(JSON.stringify(s.Resource)).toContain(`"Ref":"${identityId}"`);
        expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': DEFAULT_MAIL_FROM } });
      }
    }
    const needMail = [
      ...[...routes, ...consumers, REMINDER_JOB, DIGEST_JOB].filter((d) => needsOf(d).includes('mail')).map((d) => d.id),
      ...queues.filter((q) => q.needs.includes('mail')).map((q) => `queue:${q.id}`),
    ];
    expect(needMail.length).toBeGreaterThan(0);
    expect(senders.sort()).toEqual(needMail.sort());
  });
});

describe('Cognito', () => {
  it('has no self sign-up, a strong password policy, required TOTP MFA and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true }) },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      DeletionProtection: 'ACTIVE',
    });
  });

  it('gives the staff web pages a client of their own: hosted sign-in, code flow, openid only, back to /app/callback', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    const web = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient')).find((c) => c.Properties.AllowedOAuthFlows);
    expect(JSON.stringify(web!.Properties.CallbackURLs)).toContain('/app/callback');
    expect(Object.keys(resourcesOf(template, 'AWS::Cognito::UserPoolDomain'))).toHaveLength(1);
    // The local-only demo sign-in cannot be switched on in AWS: no function gets its variable.
    for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
      expect(Object.keys((fn.Properties.Environment as { Variables?: object } | undefined)?.Variables ?? {})).not.toContain('LOCAL_DEV_SIGN_IN_URL');
    }
  });

  it('has one group per role and a secretless SRP-only client', () => {
    const groups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...roles].sort());
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const topicId = () => Object.keys(resourcesOf(template, 'AWS::SNS::Topic'))[0]!;

  it('go to an encrypted topic', () => {
    const topic = resourcesOf(template, 'AWS::SNS::Topic')[topicId()]!;
    expect(refTarget(topic.Properties.KmsMasterKeyId)).toMatch(/^MonitoringTopicKey/);
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([{ Ref: topicId() }]);
  });

  it('fire on any message in each stream consumer’s and each job’s failure queue', () => {
    const dlq = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    const parked = dlq.map((a) => refTarget((a.Dimensions as { Value: unknown }[])[0]!.Value)!.replace(/[0-9A-F]{8}$/, ''));
    // One failure queue per source (issue 10): each consumer, each job and each work queue, one alarm each.
    const expected = [
      ...consumers.map((c) => `Consumers${constructIdOf(c.id)}SourceFailures`),
      ...jobs.map((j) => `${constructIdOf(j.id)}JobFailures`),
      ...queues.map((q) => `Queues${constructIdOf(q.id)}DeadLetters`),
    ].sort();
    expect(parked.sort()).toEqual(expected.map((q) => expect.stringMatching(new RegExp(`^${q}`))));
    for (const a of dlq) expect(a).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('give every function EventBridge invokes an on-failure destination: its own failure queue', () => {
    const configs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig'));
    const byFunction = new Map(configs.map((c) => [refTarget(c.Properties.FunctionName), c.Properties]));
    for (const def of jobs) {
      const config = byFunction.get(handlerIds(def.id).fn);
      expect(config, def.id).toBeDefined();
      // The mail sweeper is not retried: its next run, five minutes later, does the same work.
      expect(config!.MaximumRetryAttempts, def.id).toBe(def.id === MAIL_SWEEP_JOB.id ? 0 : 2);
      expect(refTarget(config!.DestinationConfig.OnFailure.Destination), def.id).toMatch(new RegExp(`^${constructIdOf(def.id)}JobFailures`));
    }
  });

  it('fire on errors of every function', () => {
    const errorAlarms = alarms().filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda');
    const watched = errorAlarms.map((a) => refTarget((a.Dimensions as { Value: unknown }[])[0]!.Value));
    expect(watched.sort()).toEqual(allHandlers().map((h) => h.fn).sort());
    for (const a of errorAlarms) expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('fire on API 5xx answers', () => {
    expect(alarms().filter((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toHaveLength(1);
  });
});

describe('outputs and settings', () => {
  it('output what operators and clients need', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'PdfBucketName', 'AlarmTopicArn', 'DkimRecord1']));
  });

  it('takes the sender, links base URL and alarm address from context', () => {
    const custom = stubApp({
      mailFrom: 'van-thu@tp.gov.vn',
      mailIdentity: 'van-thu@tp.gov.vn',
      publicBaseUrl: 'https://congvan.tp.gov.vn/',
      alarmEmail: 'ops@tp.gov.vn',
      linkGraceDays: '45',
    }).template();
    custom.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'van-thu@tp.gov.vn' });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: 'van-thu@tp.gov.vn', PUBLIC_BASE_URL: 'https://congvan.tp.gov.vn', LINK_GRACE_DAYS: '45' }) },
    });
    custom.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@tp.gov.vn', RedrivePolicy: Match.anyValue() });
    // An address identity has no DKIM records to publish.
    expect(Object.keys(custom.findOutputs('DkimRecord1'))).toHaveLength(0);
  });

  it('takes the time-stamping authority and the CA’s revocation sources from context (PAdES)', () => {
    const custom = stubApp({ tsaUrl: 'https://tsa.ca.example.vn/tsa', caCrlUrl: 'http://ca.example.vn/crl', caOcspUrl: 'http://ocsp.ca.example.vn' }).template();
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ TSA_URL: 'https://tsa.ca.example.vn/tsa', CA_CRL_URL: 'http://ca.example.vn/crl', CA_OCSP_URL: 'http://ocsp.ca.example.vn', TSA_TIMEOUT_MS: '5000' }),
      },
    });
    expect(() => stubApp({ tsaUrl: 'ftp://tsa.example.vn' })).toThrow(/Invalid CDK context: tsaUrl/);
  });

  it('refuses invalid context with a clear message', () => {
    expect(() => stubApp({ mailFrom: 'not-an-address' })).toThrow(/Invalid CDK context: mailFrom/);
    expect(() => stubApp({ mailIdentity: 'other.gov.vn' })).toThrow(/mailIdentity: must be congvan@example.gov.vn or its domain/);
    expect(() => stubApp({ publicBaseUrl: 'http://insecure.example' })).toThrow(/publicBaseUrl/);
  });
});

describe('reserved concurrency', () => {
  it('reserves concurrency for the public link and verification routes only, within the account pool', () => {
    const publicIds = routes.filter((r) => r.access === 'public' && (r.id.startsWith('link-') || r.id.startsWith('verify-'))).map((r) => r.id).sort();
    expect(Object.keys(RESERVED_CONCURRENCY).sort()).toEqual(publicIds);
    for (const h of allHandlers()) {
      expect(functions()[h.fn]!.Properties.ReservedConcurrentExecutions, h.id).toBe(RESERVED_CONCURRENCY[h.id]);
    }
    // The default account quota is 1,000 and AWS keeps 100 unreserved; the rest must stay for staff routes and consumers.
    expect(TOTAL_RESERVED).toBeLessThanOrEqual(300);
  });
});

describe('signing keys (KMS)', () => {
  const keys = () => resourcesOf(template, 'AWS::KMS::Key');
  const signs = (role: string) => statementsByRole(template).get(role)!.some((s) => actionsOf(s).includes('kms:Sign'));

  it('creates one asymmetric RSA signing key per identity and one for the CA, kept on delete, with their aliases', () => {
    const signing = Object.values(keys()).filter((k) => k.Properties.KeyUsage === 'SIGN_VERIFY');
    // One per identity, the CA's, and the audit seal's (issue 13).
    expect(signing).toHaveLength(4);
    for (const key of signing) {
      expect(key.Properties.KeySpec).toBe('RSA_2048');
      expect(key.DeletionPolicy).toBe('Retain');
    }
    const aliases = Object.values(resourcesOf(template, 'AWS::KMS::Alias')).map((a) => a.Properties.AliasName).sort();
    expect(aliases).toEqual(['alias/congvan/agency-TCTHADS', 'alias/congvan/ca', 'alias/congvan/person-u-nguyen-van-luc', 'alias/congvan/service-audit']);
  });

  it('lets each signing function sign only with the keys of its role, with the algorithm and digest pinned', () => {
    const signingKeys = stack.node.findChild('Signing') as SigningKeys;
    const keyId = (identity: string) => stack.resolve((signingKeys.keys.get(identity)!.node.defaultChild as CfnElement).logicalId) as string;
    const signedKeys = (role: string) =>
      statementsByRole(template)
        .get(role)!
        .filter((s) => actionsOf(s).includes('kms:Sign'))
        .flatMap((s) => {
          expect(s.Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' } });
          return [s.Resource].flat().map((r) => refTarget(r));
        })
        .sort();
    const persons = signingKeys.identitiesOf('person').map(keyId).sort();
    const agencies = signingKeys.identitiesOf('agency').map(keyId).sort();
    expect(persons.length).toBeGreaterThan(0);
    expect(agencies.length).toBeGreaterThan(0);
    for (const id of ['dispatches-sign', 'web-sign']) expect(signedKeys(handlerIds(id).role), id).toEqual(persons);
    expect(signedKeys(handlerIds('dispatch-delivery').role)).toEqual(agencies);
  });

  it('names the administrators\' role in every signing key\'s policy (not only the account root), without Sign', () => {
    for (const [id, key] of Object.entries(keys()).filter(([, k]) => k.Properties.KeyUsage === 'SIGN_VERIFY')) {
      const statements = (key.Properties.KeyPolicy as { Statement: { Sid?: string; Action: string[]; Principal: unknown }[] }).Statement;
      const admins = statements.find((st) => st.Sid === 'KeyAdministrators');
      expect(admins, id).toBeDefined();
      expect(JSON.stringify(admins!.Principal), id).toContain('KeyAdministrators');
      expect(admins!.Action, id).not.toContain('kms:Sign');
    }
  });

  it('grants kms:Sign only to the functions that sign: the sign route, the approve-and-sign form and the delivery consumer', () => {
    // The audit seal job signs seals only, with the seal key only (see 'audit seals').
    // The certification routes (issue 12 §3) sign CSRs with the key being certified, nothing else.
    for (const h of allHandlers()) expect(signs(h.role), h.id).toBe(h.needs.includes('sign') || (h.needs as readonly string[]).includes('certify') || h.id === AUDIT_SEAL_JOB.id);
    // Approve-and-sign has a function of its own (web-sign): the other staff forms (web-post) cannot sign.
    expect(allHandlers().filter((h) => h.needs.includes('sign')).map((h) => h.id).sort()).toEqual(['dispatch-delivery', 'dispatches-sign', 'web-sign']);
    // No function may use the keys for anything else; none may sign with the CA key.
    const caKeyId = stack.resolve(((stack.node.findChild('Signing') as SigningKeys).caKey.node.defaultChild as CfnElement).logicalId) as string;
    expect(JSON.stringify([...statementsByRole(template).values()])).not.toContain(caKeyId);
    for (const [role, statements] of statementsByRole(template)) {
      const certifies = allHandlers().some((h) => h.role === role && (h.needs as readonly string[]).includes('certify'));
      for (const statement of statements) {
        const kms = actionsOf(statement).filter((a) => a.startsWith('kms:'));
        expect(kms.every((a) => a === 'kms:Sign' || (certifies && a === 'kms:GetPublicKey'))).toBe(true);
      }
    }
  });

  it('lets only the certification routes read public keys and write chains: the identity keys and certificate parameters, no wildcard', () => {
    const certifying = allHandlers().filter((h) => (h.needs as readonly string[]).includes('certify'));
    expect(certifying.map((h) => h.id).sort()).toEqual(['signing-identities-chain', 'signing-identities-csr']);
    for (const h of allHandlers()) {
      const statements = statementsByRole(template).get(h.role)!;
      const puts = statements.filter((s) => actionsOf(s).includes('ssm:PutParameter'));
      const publicKeys = statements.filter((s) => actionsOf(s).includes('kms:GetPublicKey'));
      expect(puts.length > 0, h.id).toBe((h.needs as readonly string[]).includes('certify'));
      expect(publicKeys.length > 0, h.id).toBe((h.needs as readonly string[]).includes('certify'));
      if (!(h.needs as readonly string[]).includes('certify')) continue;
      const written = JSON.stringify(puts.map((s) => s.Resource));
      expect(written).not.toContain('*');
      for (const name of ['person-u-nguyen-van-luc', 'agency-TCTHADS', 'roots']) expect(written).toContain(`:parameter/congvan/certificates/${name}`);
      expect(written).not.toContain(':parameter/congvan/certificates/ca"');
      expect(written).not.toContain('service-audit');
      expect(publicKeys.flatMap((s) => actionsOf(s)).every((a) => a === 'kms:GetPublicKey' || a === 'kms:Sign')).toBe(true);
    }
  });

  it('lets signing and verifying functions read exactly the certificate parameters, no wildcard', () => {
    for (const h of allHandlers()) {
      const statements = statementsByRole(template).get(h.role)!.filter((s) => actionsOf(s).includes('ssm:GetParameter'));
      const resources = JSON.stringify(statements.map((s) => s.Resource));
      const readsSeals = (h.needs as readonly string[]).includes('auditRead') || h.id === AUDIT_SEAL_JOB.id;
      expect(statements.length > 0, h.id).toBe(h.needs.includes('sign') || h.needs.includes('verify') || (h.needs as readonly string[]).includes('certify') || readsSeals);
      expect(resources).not.toContain('*');
      if (statements.length) expect(resources).toContain(':parameter/congvan/certificates/ca');
      // Each signer reads the chains of its own role's identities only (delivery seals as the agency).
      const [own, other] = h.id === 'dispatch-delivery' ? ['agency-TCTHADS', 'person-u-nguyen-van-luc'] : ['person-u-nguyen-van-luc', 'agency-TCTHADS'];
      if (h.needs.includes('sign')) {
        expect(resources, h.id).toContain(`:parameter/congvan/certificates/${own}`);
        expect(resources, h.id).not.toContain(`:parameter/congvan/certificates/${other}`);
      }
    }
  });

  it('tells every function to sign with KMS under the configured prefix', () => {
    for (const h of allHandlers()) {
      expect(functions()[h.fn]!.Properties.Environment.Variables).toMatchObject({ SIGNING_BACKEND: 'kms', SIGNING_KEY_PREFIX: 'congvan' });
    }
  });

  it('takes the identities and the prefix from context, and refuses malformed identities', () => {
    const custom = stubApp({ signingKeyPrefix: 'tp', signingIdentities: 'agency-STP, person-u-a, person-u-b' }).template();
    const aliases = Object.values(resourcesOf(custom, 'AWS::KMS::Alias')).map((a) => a.Properties.AliasName).sort();
    expect(aliases).toEqual(['alias/tp/agency-STP', 'alias/tp/ca', 'alias/tp/person-u-a', 'alias/tp/person-u-b', 'alias/tp/service-audit']);
    expect(() => stubApp({ signingIdentities: 'someone' })).toThrow(/signingIdentities/);
  });
});

describe('audit seals (issue 13)', () => {
  const sealBucket = () => Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(([id]) => id.startsWith('AuditSeals'))!;
  const sealKeyId = () => stack.resolve(((stack.node.findChild('AuditSeals') as AuditSeals).key.node.defaultChild as CfnElement).logicalId) as string;

  it('go to a private, versioned bucket with Object Lock in compliance mode, retained, logging access', () => {
    const [, bucket] = sealBucket();
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(refTarget(bucket.Properties.LoggingConfiguration.DestinationBucketName)).toMatch(/^StorageAccessLogs/);
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('are written and signed only by the seal job, daily, and read only by the functions that verify audit chains', () => {
    const [bucketId] = sealBucket();
    const statements = statementsByRole(template);
    for (const h of allHandlers()) {
      const own = statements.get(h.role)!;
      const onSeals = own.filter((s) => JSON.stringify(s.Resource).includes(bucketId)).flatMap(actionsOf).sort();
      const expected = h.id === AUDIT_SEAL_JOB.id ? ['s3:PutObject'] : (h.needs as readonly string[]).includes('auditRead') ? ['s3:GetObject', 's3:ListBucket'] : [];
      expect(onSeals, h.id).toEqual(expected);
      expect(JSON.stringify(own).includes(sealKeyId()), h.id).toBe(h.id === AUDIT_SEAL_JOB.id);
    }
    const rule = Object.values(resourcesOf(template, 'AWS::Events::Rule')).find((r) => refTarget(r.Properties.Targets?.[0]?.Arn) === handlerIds(AUDIT_SEAL_JOB.id).fn)!;
    expect(rule.Properties.ScheduleExpression).toBe('cron(30 0 * * ? *)');
    expect(rule.Properties.Targets[0].RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
  });
});

describe('directory → Cognito sync', () => {
  it('declares the agency custom attribute on the user pool', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agency', AttributeDataType: 'String', Mutable: true })]),
    });
  });

  it('gives exactly the people-identity-sync consumer exactly the admin actions it uses, on the pool only', () => {
    const byRole = statementsByRole(template);
    const cognito = (role: string) => (byRole.get(role) ?? []).filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')));
    for (const h of allHandlers()) {
      const statements = cognito(h.role);
      if (h.id !== 'people-identity-sync') {
        expect(statements, h.id).toEqual([]);
        continue;
      }
      expect(statements).toHaveLength(1);
      expect(actionsOf(statements[0]!).sort()).toEqual([...COGNITO_SYNC_ACTIONS].sort());
      expect(refTarget(statements[0]!.Resource)).toMatch(/^AuthUserPool/);
    }
    const sync = functions()[handlerIds('people-identity-sync').fn]!.Properties;
    expect(refTarget(sync.Environment.Variables.STAFF_USER_POOL_ID)).toMatch(/^AuthUserPool/);
  });

  it('reads Person records of the stream, and is the only consumer the local stack leaves out', () => {
    const sync = consumers.find((c) => c.id === 'people-identity-sync')!;
    expect(matchesFilter(sync.filter, { eventName: 'MODIFY', dynamodb: { NewImage: { type: { S: 'Person' } } } })).toBe(true);
    expect(matchesFilter(sync.filter, { eventName: 'MODIFY', dynamodb: { NewImage: { type: { S: 'Agency' } } } })).toBe(false);
    expect(consumers.filter((c) => c.awsOnly).map((c) => c.id)).toEqual(['people-identity-sync']);
  });
});

describe('work queues (functions/queues.ts)', () => {
  const queueResources = () => resourcesOf(template, 'AWS::SQS::Queue');
  const queueIdOf = (id: string, part: 'Queue' | 'DeadLetters') => Object.keys(queueResources()).find((k) => k.startsWith(`Queues${constructIdOf(id)}${part}`))!;

  it('are encrypted, TLS only, each with its own 14-day dead-letter queue after maxReceiveCount receives', () => {
    for (const def of queues) {
      const queue = queueResources()[queueIdOf(def.id, 'Queue')]!.Properties;
      const dlq = queueResources()[queueIdOf(def.id, 'DeadLetters')]!.Properties;
      expect(queue.SqsManagedSseEnabled, def.id).toBe(true);
      expect(dlq.SqsManagedSseEnabled, def.id).toBe(true);
      expect(queue.VisibilityTimeout, def.id).toBe(def.visibilityTimeoutSeconds);
      expect(dlq.MessageRetentionPeriod, def.id).toBe(14 * 24 * 3600);
      expect(queue.RedrivePolicy, def.id).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [queueIdOf(def.id, 'DeadLetters'), 'Arn'] }, maxReceiveCount: def.maxReceiveCount });
      for (const id of [queueIdOf(def.id, 'Queue'), queueIdOf(def.id, 'DeadLetters')]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
        });
      }
    }
  });

  it('feed their consumer with partial batch failures, the batch size and the maximum concurrency of the table', () => {
    for (const def of queues) {
      const fn = handlerIds(`queue:${def.id}`).fn;
      const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find((m) => refTarget(m.Properties.FunctionName) === fn)!;
      expect(mapping.Properties).toMatchObject({
        BatchSize: def.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: Math.max(2, def.maxConcurrency) },
      });
      expect(refTarget(mapping.Properties.EventSourceArn)).toBe(queueIdOf(def.id, 'Queue'));
      // The function's timeout stays below the visibility timeout, which is the lease of the claims it takes.
      expect(functions()[fn]!.Properties.Timeout, def.id).toBeLessThan(def.visibilityTimeoutSeconds);
    }
  });

  it('may be sent to only by the functions that enqueue (and the replay route, which moves dead letters back), and hidden (back-off) only by their consumer', () => {
    const statements = statementsByRole(template);
    const mailQueue = queueIdOf('mail', 'Queue');
    const senders = [...statements.entries()].filter(([, list]) => list.some((s) => actionsOf(s).includes('sqs:SendMessage') && refTarget(s.Resource) === mailQueue)).map(([role]) => role);
    // "Remind all" (API route, page form, the reminder job) starts a run and enqueues its fan-out; the
    // mail consumer's fan-out pages enqueue the run's reminders; a clerk's reminder or resend to one unit
    // (API routes, page form) enqueues its one letter; the staff notices' stream consumers, the unit's
    // reset-completion e-mail and the overdue digest enqueue their notices.
    expect(senders.sort()).toEqual(
      [
        handlerIds('recipient-mailer').role,
        handlerIds('staff-notifier').role,
        handlerIds('reset-request-notifier').role,
        handlerIds('reset-request-mailer').role,
        handlerIds(DIGEST_JOB.id).role,
        handlerIds(MAIL_SWEEP_JOB.id).role,
        handlerIds('queues-replay').role,
        handlerIds('dispatches-remind').role,
        handlerIds('recipients-remind').role,
        handlerIds('recipients-link-resend').role,
        handlerIds('web-post').role,
        handlerIds(REMINDER_JOB.id).role,
        handlerIds('queue:mail').role,
      ].sort(),
    );
    // The move task: on the dead-letter queue only, for the replay route only.
    const movers = [...statements.entries()].filter(([, list]) => list.some((s) => actionsOf(s).includes('sqs:StartMessageMoveTask'))).map(([role]) => role);
    expect(movers).toEqual([handlerIds('queues-replay').role]);
    const hiders = [...statements.entries()].filter(([, list]) => list.some((s) => actionsOf(s).includes('sqs:ChangeMessageVisibility'))).map(([role]) => role);
    expect(hiders).toEqual([handlerIds('queue:mail').role]);
  });
});
