import { CfnOutput, Duration, NestedStack, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { consumers, type ConsumerDef } from '../../functions/consumers';
import { AUDIT_SEAL_JOB, CLOSING_JOB, DIGEST_JOB, MAIL_SWEEP_JOB, REMINDER_JOB, SES_EVENTS_JOB, type JobDef } from '../../functions/jobs';
import { EventJob, type JobWiring } from './jobs';
import { queues } from '../../functions/queues';
import { WorkQueue } from './queues';
import { AuditSeals } from './audit-seals';
import { routes, type RouteDef } from '../../functions/routes';
import { StaffAuth } from './auth';
import { DataTable, type TableAccess, type TableRead } from './data-table';
import { HandlerFunction, type CodeMode, type HandlerEnvironment, type Invocation } from './handler-function';
import { SdkLayer } from './sdk-layer-construct';
import { ApiEdge } from './edge';
import { Api } from './http-api';
import { MailSender } from './mail';
import { Monitoring } from './monitoring';
import { functionHealthAlarms, Observability } from './dashboard';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { PdfStorage } from './pdf-storage';
import { readSettings } from './settings';
import { SigningKeys, type SigningRole } from './signing';
import { keyAdministrators } from './key-administrators';
import { acknowledgeFunctionNist, LOG_GROUP_ENCRYPTION } from './nist-acknowledgements';
import { RESERVED_CONCURRENCY } from './reserved-concurrency';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LIST_STREAMS_REASON, StreamConsumerSource } from './stream-consumers';

export interface CongVanStackProps extends StackProps {
  /** `stub` only in template tests; see CodeMode. */
  readonly code?: CodeMode;
  /** The CLOUDFRONT-scope WebACL's ARN (EdgeWafStack, us-east-1) for the distribution in front of the API. */
  readonly webAclArn: string;
}

type Need = NonNullable<RouteDef['needs']>[number];

interface HandlerSpec {
  readonly entry: string;
  readonly needs: readonly Need[];
  readonly invocation: Invocation;
  readonly description: string;
  readonly extraWildcardReasons?: readonly string[];
}

/**
 * GET routes that nevertheless write to the table. GET is read-only by default; `link-open` records
 * the first opening of an emailed link. (A test checks every id here is still a route.)
 */
export const GET_ROUTES_THAT_WRITE: ReadonlySet<string> = new Set(['link-open', 'link-page', 'link-pdf', 'signing-identities-csr']);

/**
 * Functions that never touch the table (their code imports no DynamoDB command; the stream a consumer
 * reads is granted with its event source). test/infra/grants-vs-code.test.ts keeps this list true.
 */
export const FUNCTIONS_WITHOUT_TABLE: ReadonlySet<string> = new Set(['recipient-mailer']);

/** Functions whose code reads only some ways (the seal job gets and queries, never batch-gets). */
export const TABLE_READS_OF: Readonly<Record<string, readonly TableRead[]>> = { 'audit-seal': ['dynamodb:GetItem', 'dynamodb:Query'] };

/**
 * Whose keys a signing function signs with: the signer's routes sign as the person signing, delivery
 * seals as the agency (shared/services/signatures.ts personSigner / agencySigner). Routes with `sign`
 * are person signers; the consumers with `sign` are listed here.
 */
export const SIGNING_ROLE_OF_CONSUMER: Readonly<Record<string, SigningRole>> = { 'dispatch-delivery': 'agency' };

/** Routes that take a body but only read the table: `verify-upload` looks a hash up and answers. */
export const POST_ROUTES_THAT_ONLY_READ: ReadonlySet<string> = new Set(['verify-upload']);

export function tableAccessOf(route: RouteDef): TableAccess {
  if (POST_ROUTES_THAT_ONLY_READ.has(route.id)) return 'read';
  return route.method === 'GET' && !GET_ROUTES_THAT_WRITE.has(route.id) ? 'read' : 'readWrite';
}

/**
 * Functions that read or write PDFs are the ones that render them (preview or issued letter), except
 * verification, which reads stored PDFs to check their signatures and never renders.
 */
export const rendersPdf = (needs: readonly string[]): boolean =>
  (needs.includes('pdfRead') || needs.includes('pdfWrite')) && !needs.includes('verify');

/** Memory and timeout: rendering a letter with embedded fonts wants more CPU (memory buys CPU). */
function sizing(invocation: Invocation, pdf: boolean): { memorySize: number; timeout: Duration } {
  if (invocation === 'http') {
    // The HTTP API gives up after 30 s, so a longer timeout would only burn money.
    return pdf ? { memorySize: 1024, timeout: Duration.seconds(29) } : { memorySize: 512, timeout: Duration.seconds(10) };
  }
  return pdf ? { memorySize: 1024, timeout: Duration.minutes(2) } : { memorySize: 512, timeout: Duration.minutes(1) };
}

/**
 * The nested stack that holds a route's function, role, log group, API route, integration, permission
 * and alarm (eight resources a row). CloudFormation allows 500 resources per stack: all routes in the
 * main stack came to 492, so one more route or four more signing keys would not deploy. Grouped by
 * audience so a route keeps its stack when rows are added (moving between stacks means replacing).
 */
export const ROUTE_STACKS = {
  StaffApi: 'The staff JSON API: one function per route (the JWT authorizer guards every route)',
  PublicRoutes: 'Public routes: health, OpenAPI, emailed links, verification, and the staff web pages (which check their own session)',
  AdminApi: 'The directory of agencies and people (who may issue and sign for whom): its lookups and its administration',
} as const;
export type RouteStackId = keyof typeof ROUTE_STACKS;
/** The nested stack of the per-function throttle and duration alarms (infra/aws/dashboard.ts). */
export const FUNCTION_HEALTH_STACK = 'FunctionHealth';
/**
 * The agencies and people routes live in AdminApi: StaffApi came near its resource budget. A route once
 * deployed is not moved between stacks (its new stack would create the same route key before the old one
 * deletes it, and the deploy would fail), so new rows of another audience get a stack of their own.
 */
export const ADMIN_API_ROUTES: ReadonlySet<string> = new Set(
  // A person's own signature image (`me-signature-image-*`) belongs with the people records it completes.
  routes.filter((r) => r.id.startsWith('agencies-') || r.id.startsWith('people-') || r.id.startsWith('signing-identities-') || r.id.startsWith('me-signature-image-')).map((r) => r.id),
);
export const routeStackOf = (route: RouteDef): RouteStackId =>
  route.access === 'public' ? 'PublicRoutes' : ADMIN_API_ROUTES.has(route.id) ? 'AdminApi' : 'StaffApi';

/** `dispatches-create` → `DispatchesCreate`: readable, stable construct ids and logical ids. */
export const constructIdOf = (id: string): string => id.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

const FUNCTION_LOG_RETENTION = RetentionDays.THREE_MONTHS;
const ACCESS_LOG_RETENTION = RetentionDays.ONE_YEAR;
/** A stream record older than this means its consumer is stuck (the stream keeps records 24 h). */
const MAX_ITERATOR_AGE = Duration.minutes(15);

/**
 * The deployable tracker: one table, one PDF bucket, staff sign-in, an HTTP API with one function per
 * row of functions/routes.ts, one stream consumer per row of functions/consumers.ts, SES sending,
 * and alarms. Settings come from CDK context (see settings.ts).
 */
export class CongVanStack extends Stack {
  /** Every function by its route, consumer or job id (tests find resources through it). */
  readonly handlers = new Map<string, HandlerFunction>();

  constructor(scope: Construct, id: string, props: CongVanStackProps) {
    super(scope, id, props);
    const code = props.code ?? 'bundle';
    const settings = readSettings(this);
    // One layer for every function: the AWS SDK their bundles require (infra/aws/sdk-layer.ts).
    const sdk = new SdkLayer(this, 'AwsSdk', { code });

    const data = new DataTable(this, 'Data');
    const storage = new PdfStorage(this, 'Storage');
    const auth = new StaffAuth(this, 'Auth');
    const mail = new MailSender(this, 'Mail', { mailFrom: settings.mailFrom, identity: settings.mailIdentity });
    const monitoring = new Monitoring(this, 'Monitoring', settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {});
    const api = new Api(this, 'Api', { userPool: auth.userPool, client: auth.client, accessLogRetention: ACCESS_LOG_RETENTION });
    const administrators = keyAdministrators(this);
    Validations.of(api).acknowledge(LOG_GROUP_ENCRYPTION);
    const signing = new SigningKeys(this, 'Signing', { prefix: settings.signingKeyPrefix, identities: settings.signingIdentities, administrators });
    const seals = new AuditSeals(this, 'AuditSeals', { accessLogs: storage.accessLogs, signingKeyPrefix: settings.signingKeyPrefix, administrators });

    // Callers reach the API only through CloudFront and its WebACL: links, pages and sign-in use its URL.
    const edge = new ApiEdge(this, 'Edge', { apiEndpoint: api.endpoint, webAclArn: props.webAclArn });
    const publicBaseUrl = settings.publicBaseUrl ?? edge.url;
    const webSignIn = auth.addWebSignIn(publicBaseUrl);

    // The SQS queues of functions/queues.ts, each with its dead-letter queue and alarm (infra/aws/queues.ts).
    const workQueues = new Construct(this, 'Queues');
    const queueOf = new Map(queues.map((def) => [def.id, new WorkQueue(workQueues, constructIdOf(def.id), def, monitoring)]));
    const mailQueue = queueOf.get('mail')!;

    const environment: HandlerEnvironment = {
      TABLE_NAME: data.table.tableName,
      PDF_BUCKET: storage.bucket.bucketName,
      AUDIT_SEAL_BUCKET: seals.bucket.bucketName,
      MAIL_FROM: settings.mailFrom,
      PUBLIC_BASE_URL: publicBaseUrl,
      LINK_GRACE_DAYS: String(settings.linkGraceDays),
      SIGNING_BACKEND: 'kms',
      SIGNING_KEY_PREFIX: settings.signingKeyPrefix,
      // PAdES: time-stamps and revocation data come from these services over the internet ('' = none named).
      TSA_URL: settings.tsaUrl ?? '',
      TSA_TIMEOUT_MS: '5000',
      CA_CRL_URL: settings.caCrlUrl ?? '',
      CA_OCSP_URL: settings.caOcspUrl ?? '',
      REVOCATION_TIMEOUT_MS: '5000',
      LINK_RATE_PER_TOKEN: '60',
      LINK_RATE_PER_IP: '600',
      // The staff web pages verify their session cookie as the JWT authorizer verifies a Bearer token.
      STAFF_TOKEN_ISSUER: auth.userPool.userPoolProviderUrl,
      STAFF_TOKEN_JWKS_URL: `${auth.userPool.userPoolProviderUrl}/.well-known/jwks.json`,
      STAFF_TOKEN_CLIENT_ID: webSignIn.client.userPoolClientId,
      STAFF_HOSTED_UI_URL: webSignIn.domain.baseUrl(),
      STAFF_USER_POOL_ID: auth.userPool.userPoolId,
      ORIGIN_VERIFY_SECRET: edge.originSecret.secretValue.unsafeUnwrap(),
      QUEUE_URL_MAIL: mailQueue.queue.queueUrl,
      SES_MAX_SEND_RATE: String(settings.sesMaxSendRate),
      MAIL_RETRY_WINDOW_SECONDS: '3600',
      MAIL_BACKOFF_BASE_SECONDS: '2',
      MAIL_BACKOFF_MAX_SECONDS: '900',
      // The claims' lease is the mail queue's visibility timeout: from the same row the queue is made from.
      MAIL_QUEUE_VISIBILITY_SECONDS: String(queues.find((q) => q.id === 'mail')!.visibilityTimeoutSeconds),
      MAIL_SWEEP_GRACE_SECONDS: '120',
      REMINDER_SWEEP_GRACE_SECONDS: '120',
    };

    /** Grants what a function's table access and `needs` call for, and nothing else. */
    const grant = (handler: HandlerFunction, tableAccess: TableAccess, needs: readonly Need[], signingRole: SigningRole = 'person', reads?: readonly TableRead[]) => {
      data.grant(handler.role, tableAccess, reads);
      storage.grant(handler.role, { read: needs.includes('pdfRead') || needs.includes('pdfLink'), write: needs.includes('pdfWrite') });
      storage.grantImages(handler.role, { read: needs.includes('imageRead'), write: needs.includes('imageWrite') });
      if (needs.includes('mail')) mail.grantSend(handler.role);
      if (needs.includes('sign')) signing.grantSign(handler.role, signingRole);
      if (needs.includes('verify')) signing.grantVerify(handler.role);
      if (needs.includes('certify')) signing.grantCertify(handler.role);
      if (needs.includes('queueReplay')) for (const q of queueOf.values()) q.grantReplay(handler.role);
      if (needs.includes('auditRead')) {
        seals.grantRead(handler.role);
        signing.grantVerify(handler.role);
      }
    };

    const handlerFor = (parent: Construct, cid: string, spec: HandlerSpec, reservedConcurrency?: number) => {
      const handler = new HandlerFunction(parent, cid, {
        entry: spec.entry,
        description: spec.description,
        invocation: spec.invocation,
        ...sizing(spec.invocation, rendersPdf(spec.needs)),
        environment,
        shipsFonts: rendersPdf(spec.needs),
        shipsPdfViewer: spec.needs.includes('pdfViewer'),
        code,
        sdkLayer: sdk.layer,
        logRetention: FUNCTION_LOG_RETENTION,
        ...(spec.extraWildcardReasons ? { extraWildcardReasons: spec.extraWildcardReasons } : {}),
      });
      if (reservedConcurrency !== undefined) (handler.fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = reservedConcurrency;
      acknowledgeFunctionNist(handler, spec.invocation, reservedConcurrency !== undefined);
      return handler;
    };

    const routeStacks = new Map<RouteStackId, NestedStack>();
    const routeStack = (id: RouteStackId) => {
      let nested = routeStacks.get(id);
      if (!nested) routeStacks.set(id, (nested = new NestedStack(this, id, { description: ROUTE_STACKS[id] })));
      return nested;
    };
    for (const route of routes) {
      const scope = routeStack(routeStackOf(route));
      const cid = constructIdOf(route.id);
      const needs = route.needs ?? [];
      const description = `${route.method} ${route.path} (${route.id})`;
      const handler = handlerFor(scope, cid, { entry: route.entry, needs, invocation: 'http', description }, RESERVED_CONCURRENCY[route.id]);
      this.handlers.set(route.id, handler);
      grant(handler, tableAccessOf(route), needs);
      if (needs.includes('enqueue')) mailQueue.grantSend(handler.role);
      api.addRoute(route, handler.fn, cid, scope);
      monitoring.alarm(`${cid}Errors`, handler.fn.metricErrors({ period: Duration.minutes(5) }), { description: `${description} threw or timed out` }, scope);
    }

    // Every dead-letter and failure queue (each already alarmed where it is made), for the dashboard.
    const deadLetters: { name: string; queue: IQueue }[] = [...queueOf.values()].map((q) => ({ name: `queue ${q.def.id}`, queue: q.deadLetters }));
    const consumerFunctions = new Construct(this, 'Consumers');
    for (const consumer of consumers) {
      const cid = constructIdOf(consumer.id);
      const needs = consumer.needs.filter((n): n is Exclude<typeof n, 'identity' | 'enqueue'> => n !== 'identity' && n !== 'enqueue');
      const handler = handlerFor(consumerFunctions, cid, {
        entry: consumer.entry,
        needs,
        invocation: 'stream',
        description: `Stream consumer ${consumer.id}`,
        extraWildcardReasons: [LIST_STREAMS_REASON],
      });
      this.handlers.set(consumer.id, handler);
      const signingRole = SIGNING_ROLE_OF_CONSUMER[consumer.id];
      if (needs.includes('sign') && !signingRole) throw new Error(`Consumer ${consumer.id} signs: name its signing role in SIGNING_ROLE_OF_CONSUMER`);
      grant(handler, FUNCTIONS_WITHOUT_TABLE.has(consumer.id) ? 'none' : 'readWrite', needs, signingRole);
      if (consumer.needs.includes('identity')) auth.grantDirectorySync(handler.role);
      if (consumer.needs.includes('enqueue')) mailQueue.grantSend(handler.role);
      // Each consumer parks what it failed in its own queue, with its own alarm (infra/aws/stream-consumers.ts).
      const source = new StreamConsumerSource(consumerFunctions, `${cid}Source`, { fn: handler.fn, consumer, table: data.table, monitoring });
      deadLetters.push({ name: `stream ${consumer.id}`, queue: source.failures });
      this.consumerAlarms(monitoring, cid, handler, consumer);
    }

    // Queue consumers: one function per queue, fed by its SQS event source (infra/aws/queues.ts).
    const queueFunctions = new Construct(this, 'QueueConsumers');
    for (const def of queues) {
      const cid = constructIdOf(`${def.id}-queue`);
      const needs = def.needs.filter((n): n is 'mail' => n === 'mail');
      const handler = handlerFor(queueFunctions, cid, { entry: def.entry, needs, invocation: 'queue', description: `Queue consumer ${def.id}` });
      this.handlers.set(`queue:${def.id}`, handler);
      grant(handler, 'readWrite', needs);
      if (def.needs.includes('enqueue')) mailQueue.grantSend(handler.role);
      queueOf.get(def.id)!.attach(handler.fn);
      monitoring.alarm(`${cid}Errors`, handler.fn.metricErrors({ period: Duration.minutes(5) }), { description: `Queue consumer ${def.id} threw or timed out (its messages come back)` });
    }

    // Jobs EventBridge invokes: each with its trigger, its own failure queue and alarms (infra/aws/jobs.ts).
    const job = (def: JobDef, needs: readonly ('pdfRead' | 'pdfWrite' | 'mail' | 'enqueue')[], access: TableAccess, wiring: Omit<JobWiring, 'job' | 'fn'>) => {
      const handler = handlerFor(this, constructIdOf(def.id), { entry: def.entry, needs: needs.filter((n) => n !== 'enqueue'), invocation: 'event', description: wiring.description });
      this.handlers.set(def.id, handler);
      grant(handler, access, needs.filter((n) => n !== 'enqueue'), 'person', TABLE_READS_OF[def.id]);
      if (needs.includes('enqueue')) mailQueue.grantSend(handler.role);
      const eventJob = new EventJob(this, `${constructIdOf(def.id)}Job`, { ...wiring, job: def, fn: handler.fn }, monitoring);
      deadLetters.push({ name: `job ${def.id}`, queue: eventJob.failures });
      monitoring.alarm(`${constructIdOf(def.id)}Errors`, handler.fn.metricErrors({ period: Duration.minutes(5) }), { description: `The ${def.id} job failed` });
      return handler;
    };
    // Reminders: the same job the local stack runs on a timer, hourly 08:00–17:00 in Vietnam (01:00–10:00
    // UTC): a walk that stopped before its timeout continues at the next run (functions/jobs.ts).
    job(REMINDER_JOB, REMINDER_JOB.needs, 'readWrite', {
      trigger: { daily: { hour: '1-10', minute: '0' } },
      description: 'Reminders to units that still owe something, hourly in the Vietnamese working day',
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
    });
    // The leaders' opt-in overdue digest: same schedule and settings as the reminders.
    job(DIGEST_JOB, DIGEST_JOB.needs, 'readWrite', {
      trigger: { daily: { hour: '1', minute: '0' } },
      description: 'Daily digest of overdue units to leaders who opted in',
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
    });
    // The audit seal (issue 13): daily, before the reminders write their events of the day.
    const auditSeal = job(AUDIT_SEAL_JOB, [], 'read', {
      trigger: { daily: { hour: '0', minute: '30' } },
      description: 'Daily signed seal of every audit chain head',
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
    });
    seals.grantSeal(auditSeal.role);
    // Closing (issue 10): daily 00:00 UTC, before the reminders, dispatches whose links expired are archived.
    job(CLOSING_JOB, CLOSING_JOB.needs, 'readWrite', {
      trigger: { daily: { hour: '0', minute: '0' } },
      description: 'Daily closing of dispatches whose links expired',
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
    });
    // The mail sweeper: pending mail the table says is overdue goes on the mail queue again (shared/services/mail-sweep.ts),
    // and so does a stalled reminder run's next page or letter (shared/services/reminder-sweep.ts: it moves the run's
    // stalled-run entry, hence read-write).
    job(MAIL_SWEEP_JOB, MAIL_SWEEP_JOB.needs, 'readWrite', {
      trigger: { every: Duration.minutes(5) },
      description: 'Re-enqueues mail that the table says is overdue and stalled reminder runs (the queue is not the only record)',
      retryAttempts: 0,
      // A missed run is covered by the next one, five minutes later.
      maxEventAge: Duration.minutes(5),
    });
    // SES delivery events (from the identity's configuration set, on the default bus) mark recipients.
    job(SES_EVENTS_JOB, SES_EVENTS_JOB.needs, 'readWrite', {
      trigger: { events: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] } },
      description: 'SES bounces, complaints and deliveries',
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });

    monitoring.alarm('Api5xx', api.httpApi.metricServerError({ period: Duration.minutes(5) }), {
      description: 'The HTTP API answered 5xx',
    });

    // Issue 11: throttles and p99 near the timeout for every function; the app-wide alarms and the dashboard.
    // In a nested stack of their own: two alarms a function would take StaffApi past its resource budget.
    const health = new NestedStack(this, FUNCTION_HEALTH_STACK, { description: 'Throttle and p99-duration alarms of every function' });
    for (const [id, handler] of this.handlers) functionHealthAlarms(monitoring, handler, `Function ${id}`, health);
    new Observability(this, 'Observability', {
      monitoring,
      table: data.table,
      httpApi: api.httpApi,
      queues: [...queueOf.values()].map((q) => ({ name: q.def.id, queue: q.queue })),
      deadLetters,
    });

    this.outputs({
      ApiUrl: api.endpoint,
      PublicUrl: publicBaseUrl,
      DistributionId: edge.distribution.distributionId,
      UserPoolId: auth.userPool.userPoolId,
      UserPoolClientId: auth.client.userPoolClientId,
      TableName: data.table.tableName,
      PdfBucketName: storage.bucket.bucketName,
      AlarmTopicArn: monitoring.topic.topicArn,
      MailFrom: settings.mailFrom,
    });
    if (!settings.mailIdentity.includes('@')) {
      // Easy DKIM: publish these three CNAME records in the sender domain's DNS to verify it.
      mail.identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}`, description: 'DNS record that verifies the sender domain' });
      });
    }
  }

  private consumerAlarms(monitoring: Monitoring, cid: string, handler: HandlerFunction, consumer: ConsumerDef): void {
    monitoring.alarm(`${cid}Errors`, handler.fn.metricErrors({ period: Duration.minutes(5) }), {
      description: `Stream consumer ${consumer.id} failed a batch (it will be retried, then parked)`,
    });
    monitoring.alarm(`${cid}IteratorAge`, handler.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }), {
      description: `Stream consumer ${consumer.id} is more than ${MAX_ITERATOR_AGE.toMinutes()} minutes behind the table`,
      above: MAX_ITERATOR_AGE.toMilliseconds(),
      evaluationPeriods: 2,
    });
  }

  private outputs(values: Record<string, string>): void {
    for (const [id, value] of Object.entries(values)) new CfnOutput(this, id, { value });
  }
}
