import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, Code, LoggingFormat, Runtime, SystemLogLevel, Tracing, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import type { Config } from '../../shared/config';
import { BUNDLE } from './bundle-options';
import { entryPath, repoRoot, tinosPackageDir } from './paths';
import { PDFJS_FILES, pdfjsDir } from '../../shared/web/pdf-viewer-files';

/**
 * `bundle`: esbuild bundles the real entry (what `cdk synth` and deployments use).
 * `stub`: a two-line inline handler instead, so template tests neither bundle 30+ entries nor need
 * every handler file to exist yet. Everything but the code (role, runtime, environment …) is identical.
 */
export type CodeMode = 'bundle' | 'stub';

/**
 * The variables every handler gets: all of shared/config.ts except the region (Lambda sets it) and
 * the emulator endpoints (unset in AWS so the SDK's defaults apply) and the local stack's own keys
 * (`LOCAL_…`). A key added to the config schema fails this type until the stack provides it.
 */
export type HandlerEnvironment = Record<Exclude<keyof Config, 'AWS_REGION' | `${string}_ENDPOINT` | `LOCAL_${string}`>, string>;

/** How the function is invoked: decides the wording of the acknowledged findings below. */
export type Invocation = 'http' | 'stream' | 'event' | 'queue';

export interface HandlerFunctionProps {
  /** Handler module relative to the repository root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly invocation: Invocation;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: HandlerEnvironment;
  /** Ships the Tinos TTFs next to the bundle (shared/pdf/fonts.ts reads them via TINOS_FONT_DIR). */
  readonly shipsFonts: boolean;
  /** Ships PDF.js's two browser files next to the bundle (shared/web/pdf-viewer-files.ts reads them via PDFJS_DIR). */
  readonly shipsPdfViewer?: boolean;
  readonly code: CodeMode;
  /** The AWS SDK the bundle requires at run time (infra/aws/sdk-layer-construct.ts). */
  readonly sdkLayer: ILayerVersion;
  readonly logRetention: RetentionDays;
  /**
   * Why this role has other `Resource: *` statements besides X-Ray (one acknowledgement per finding
   * id, so every reason for the same finding goes into it).
   */
  readonly extraWildcardReasons?: readonly string[];
}

/** Where the fonts land inside the deployment package (Lambda unpacks it to /var/task). */
const FONT_DIR_IN_PACKAGE = 'fonts';
/** Where PDF.js's pdf.min.mjs and pdf.worker.min.mjs land inside the deployment package. */
const PDFJS_DIR_IN_PACKAGE = 'pdfjs';
const LAMBDA_TASK_ROOT = '/var/task';

/**
 * One Lambda function: Node 24 on ARM, its own role (no AWS managed policy: only what the stack grants),
 * its own log group with retention, X-Ray tracing and JSON logs.
 */
export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);

    // Kept if the function is removed (possible evidence); the retention still expires it.
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:CreateLogGroup on *): write to this log group only.
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      ...props.environment,
      // No NODE_OPTIONS=--enable-source-maps: it cost 7–200 ms of every cold start. The map is uploaded
      // beside the code (bundle-options.ts) to resolve a logged stack trace when one is read.
      // The Logger's and Tracer's service: the function's entry file name (functions/queues/mail-sender.ts → mail-sender).
      POWERTOOLS_SERVICE_NAME: path.basename(props.entry).replace(/\.ts$/, ''),
      ...(props.shipsFonts ? { TINOS_FONT_DIR: path.posix.join(LAMBDA_TASK_ROOT, FONT_DIR_IN_PACKAGE) } : {}),
      ...(props.shipsPdfViewer ? { PDFJS_DIR: path.posix.join(LAMBDA_TASK_ROOT, PDFJS_DIR_IN_PACKAGE) } : {}),
    };

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      environment,
      layers: [props.sdkLayer],
      ...(props.code === 'bundle'
        ? {
            entry: entryPath(props.entry),
            handler: 'handler',
            projectRoot: repoRoot,
            depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
            bundling: bundlingOptions(props.shipsFonts, props.shipsPdfViewer ?? false),
          }
        : {
            code: Code.fromInline("exports.handler = async () => { throw new Error('template-test stub, not deployable'); };"),
            handler: 'index.handler',
          }),
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: [
          'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) support no resource-level permissions, so their resource must be *.',
          ...(props.extraWildcardReasons ?? []),
        ].join(' '),
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          props.invocation === 'http'
            ? 'Invoked only synchronously by the HTTP API; a Lambda dead-letter queue applies to asynchronous invocations and would never receive a message. Errors reach the caller and the function error alarm.'
            : props.invocation === 'event'
              ? 'Invoked asynchronously only by its EventBridge rule (a schedule or SES events). A run that fails after Lambda\'s own retries goes to the function\'s on-failure destination, and an event EventBridge cannot deliver to the target\'s dead-letter queue: both are the job\'s own SQS failure queue, watched by a depth alarm (infra/aws/jobs.ts). An on-failure destination keeps the event and the error, which a Lambda DLQ would not, so none is configured as well.'
              : props.invocation === 'queue'
                ? 'Invoked only by its SQS event-source mapping (synchronously); a Lambda dead-letter queue applies to asynchronous invocations. Messages that keep failing are moved by the source queue\'s redrive policy to its own dead-letter queue, watched by an alarm.'
                : 'Invoked only by its DynamoDB stream event-source mapping (synchronously); a Lambda dead-letter queue applies to asynchronous invocations and would never receive a record. Records that still fail after the mapping\'s attempts are sent to the consumer\'s own on-failure SQS queue, watched by a depth alarm (infra/aws/stream-consumers.ts).',
      },
    );
  }
}

/**
 * The CDK form of infra/aws/bundle-options.ts (the budget test and the bench build with the same values).
 * esbuild runs on this machine, never in Docker.
 */
export function bundlingOptions(shipsFonts: boolean, shipsPdfViewer = false): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: BUNDLE.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    sourceMap: true,
    sourceMapMode: BUNDLE.sourcemap as SourceMapMode,
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    externalModules: [...BUNDLE.external],
    logLevel: BUNDLE.logLevel as LogLevel,
    banner: BUNDLE.banner,
    esbuildArgs: { '--alias': Object.entries(BUNDLE.alias).map(([from, to]) => `${from}=${to}`) },
    ...(shipsFonts || shipsPdfViewer ? { commandHooks: copyFiles(shipsFonts, shipsPdfViewer) } : {}),
  };
}

/**
 * After bundling, copies the four Tinos TTFs into the package's fonts/ folder, and/or PDF.js's two
 * prebuilt browser modules (served as they are, never bundled) into its pdfjs/ folder.
 */
function copyFiles(fonts: boolean, pdfViewer: boolean): BundlingOptions['commandHooks'] {
  const fontsGlob = `${shellQuote(tinosPackageDir())}/*/Tinos_*.ttf`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      ...(fonts ? [`mkdir -p ${shellQuote(path.join(outputDir, FONT_DIR_IN_PACKAGE))}`, `cp ${fontsGlob} ${shellQuote(path.join(outputDir, FONT_DIR_IN_PACKAGE))}/`] : []),
      ...(pdfViewer
        ? [
            `mkdir -p ${shellQuote(path.join(outputDir, PDFJS_DIR_IN_PACKAGE))}`,
            ...PDFJS_FILES.map((f) => `cp ${shellQuote(path.join(pdfjsDir(), f))} ${shellQuote(path.join(outputDir, PDFJS_DIR_IN_PACKAGE, f))}`),
          ]
        : []),
    ],
  };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
