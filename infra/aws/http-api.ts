import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDef } from '../../functions/routes';

export interface ApiProps {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly accessLogRetention: RetentionDays;
}

/**
 * Default stage limits, for all callers together: the peak of a mass e-mail's links (~26 req/s) plus
 * the staff's work (~30 req/s) and verification (5 req/s) with half again as headroom; sized in
 * infra/aws/README.md ("Limits"). Per-address limits are the WebACL's (edge.ts), before this bucket.
 */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/**
 * Access log line (JSON, so Logs Insights can query it). The route key is logged, never the raw
 * path: `/l/{token}` carries the emailed link's token, a credential.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    user: '$context.authorizer.claims.username',
  }),
);

/**
 * The HTTP API. Routes come from the route table: a JWT authorizer on the staff user pool guards every
 * row except the public ones (roles are then checked by each handler from `cognito:groups`).
 * No CORS: the API serves its own pages and API clients, not a browser app on another origin.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  private readonly jwt: IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    // What the JWT authorizer checks: signature (the pool's JWKS), `iss`, `exp`/`nbf`, and the audience:
    // `aud` when the token has one, else `client_id`, against `jwtAudience`. It cannot check `token_use`,
    // so an ID token of this client (whose `aud` is the client id) would pass; the handlers refuse every
    // token but an access token without `aud` (shared/http/actor.ts tokenIdentityFrom), and a signed-out
    // session (shared/services/actors.ts). `authorizationScopes` is left unset: Cognito access tokens
    // of the SRP flow carry only `aws.cognito.signin.user.admin`, which says nothing about the token type.
    this.jwt = new HttpJwtAuthorizer('CognitoJwt', props.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito-staff',
      jwtAudience: [props.client.userPoolClientId],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Cong van tracker API',
      // Safety net: a route created without an explicit authorizer still needs a token.
      defaultAuthorizer: this.jwt,
      // The stage below is the default stage, with access logs and throttling.
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.accessLogRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });
  }

  /** The API's base URL without a trailing slash (stage `$default` has no path prefix). */
  get endpoint(): string {
    return this.httpApi.apiEndpoint;
  }

  /** `scope`: where the route and its integration live, e.g. the nested stack of its function. */
  addRoute(route: RouteDef, handler: IFunction, constructId: string, scope: Construct = this): HttpRoute {
    const isPublic = route.access === 'public';
    const httpRoute = new HttpRoute(scope, `${constructId}Route`, {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
      integration: new HttpLambdaIntegration(`${constructId}Integration`, handler),
      authorizer: isPublic ? new HttpNoneAuthorizer() : this.jwt,
    });
    if (route.throttle) this.throttleRoute(httpRoute, `${route.method} ${route.path}`, route.throttle);
    if (isPublic) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is public by design in functions/routes.ts (health check, OpenAPI document, or the emailed link whose high-entropy token is the credential, checked by the handler).`,
      });
    }
    return httpRoute;
  }

  /**
   * A route-level limit below the stage's. CloudFormation refuses route settings for a route key the
   * API does not have yet, so the stage waits for the route.
   */
  private throttleRoute(httpRoute: HttpRoute, routeKey: string, limit: NonNullable<RouteDef['throttle']>): void {
    const stage = this.stage.node.defaultChild as CfnStage;
    // RouteSettings is a free-form map in the L1 (`any`), so CDK passes it through as written: the
    // keys must already be CloudFormation's PascalCase.
    const settings = (stage.routeSettings ?? {}) as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    stage.routeSettings = { ...settings, [routeKey]: { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit } };
    this.stage.node.addDependency(httpRoute);
  }
}
