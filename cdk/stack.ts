import * as path from 'node:path';
import {
  Aws,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  STREAM_FILTERS,
  STREAM_RETRY_ATTEMPTS,
  type StreamHandlerName,
} from '../lambdas/stream-filters';
import { METRICS_NAMESPACE, SERVICE_NAME, type LogLevel } from '../adapters/telemetry';
import { DELIVERY_CHANNELS } from '../domain/constants';
import { PARTNER_SYSTEM_SCOPE } from '../resolvers/authenticate';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../store/keys';
import {
  LAMBDA_FUNCTIONS,
  nodejsBundling,
  PROJECT_ROOT,
  type LambdaFunctionName,
} from './bundling';
import type { WebDomain } from './settings';
import { WebDistribution } from './web-distribution';

export interface PrivacyOpsStackProps extends StackProps {
  /** The verified SES identity mail is sent from, e.g. privacy@example.org. */
  mailFrom: string;
  /** The functions' log level (POWERTOOLS_LOG_LEVEL); INFO when absent. */
  logLevel?: LogLevel;
  /** The user pool domain's prefix; `privacy-ops-<account id>` when absent. */
  authDomainPrefix?: string;
  /** Subscribed by mail to the alarms' topic when given. */
  alarmEmail?: string;
  /** The CloudFront-scoped web ACL in front of the pages and /graphql (cdk/edge-stack.ts). */
  webAclArn: string;
  /** The pages' own host name and certificate; CloudFront's domain when absent. */
  webDomain?: WebDomain;
}

/**
 * The whole API on AWS: the HTTP API and its GraphQL function, the table and
 * its stream handlers, the due deliveries' and the retention schedules, the
 * user pool (with the token endpoint partner systems sign in at), SES for
 * mail, alarms, and the web pages behind CloudFront (cdk/web-distribution.ts).
 */
export class PrivacyOpsStack extends Stack {
  /** Each function of cdk/bundling.ts, as deployed. */
  readonly functions: Record<LambdaFunctionName, NodejsFunction>;
  /** The pages behind CloudFront, /graphql through it, and the admin desk's app client. */
  readonly web: WebDistribution;

  constructor(scope: Construct, id: string, props: PrivacyOpsStackProps) {
    super(scope, id, props);

    const table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: KEY.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: KEY.sk, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: INDEXES.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sk, type: dynamodb.AttributeType.STRING },
      })),
      billing: dynamodb.Billing.onDemand(),
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      // The pool holds admins and partner staff (people sign in with the API's own
      // codes): every one of them signs in with an authenticator app. No SMS: it
      // can be redirected by a SIM swap, and would need a role that may text anyone.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: { partnerId: new cognito.StringAttribute({ mutable: true }) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnUserPoolGroup(this, 'Admins', {
      userPoolId: userPool.userPoolId,
      groupName: 'admin',
    });
    new cognito.CfnUserPoolGroup(this, 'Partners', {
      userPoolId: userPool.userPoolId,
      groupName: 'partner',
    });
    // Signs in through the pool's API (SRP). Without disableOAuth CDK would give it the
    // implicit grant with https://example.com as its callback, at the hosted sign-in.
    const client = userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      disableOAuth: true,
    });

    // Partner systems: `npm run partner-client` gives each an app client with the
    // read scope; it signs in with client credentials at the domain's /oauth2/token.
    userPool.addResourceServer('Api', {
      identifier: PARTNER_SYSTEM_SCOPE.resourceServer,
      scopes: [
        new cognito.ResourceServerScope({
          scopeName: PARTNER_SYSTEM_SCOPE.scope,
          scopeDescription: 'Read what the API shows the partner: its sharing records',
        }),
      ],
    });
    const authDomain = userPool.addDomain('AuthDomain', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `privacy-ops-${this.account}` },
    });

    // What every function reads (lambdas/settings.ts); each adds its own below.
    const common = {
      PRIVACY_OPS_TABLE: table.tableName,
      POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    };
    const fn = (
      id: string,
      name: LambdaFunctionName,
      timeout: Duration,
      environment: Record<string, string> = {},
    ) =>
      new NodejsFunction(this, id, {
        entry: path.join(PROJECT_ROOT, LAMBDA_FUNCTIONS[name].entry),
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 1024,
        timeout,
        environment: { ...common, ...environment },
        tracing: lambda.Tracing.ACTIVE,
        logGroup: new logs.LogGroup(this, `${id}Logs`, {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
        bundling: nodejsBundling(name),
      });

    // COGNITO_CLIENT_IDS is added once the admin desk's client exists, below.
    const graphql = fn('Graphql', 'graphql', Duration.seconds(29), {
      COGNITO_USER_POOL_ID: userPool.userPoolId,
    });
    table.grantReadWriteData(graphql);

    // The API's own sign-in tokens (people signed in by mailed code): RS256 by a key
    // only the GraphQL function may sign with, under the API's own issuer.
    const signInKey = new kms.Key(this, 'SignInKey', {
      description: 'Signs the privacy centre’s sign-in tokens (RS256)',
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    signInKey.grant(graphql, 'kms:Sign', 'kms:GetPublicKey');
    graphql.addEnvironment('PRIVACY_OPS_SIGN_IN_KEY_ID', signInKey.keyId);
    graphql.addEnvironment('PRIVACY_OPS_SIGN_IN_ISSUER', `privacy-ops-sign-in:${this.stackName}`);

    const api = new HttpApi(this, 'Api', {
      // The Lambda adapter sets no CORS headers: the API answers preflights.
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'sec-gpc'],
        maxAge: Duration.minutes(10),
      },
    });
    api.addRoutes({
      path: '/graphql',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('GraphqlIntegration', graphql),
    });
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        status: '$context.status',
        routeKey: '$context.routeKey',
      }),
    };

    const deadLetters = new sqs.Queue(this, 'StreamDeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the stream mappings itself',
    });
    const streamSource = (handler: StreamHandlerName) =>
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(deadLetters),
        filters: STREAM_FILTERS[handler].map((pattern) => lambda.FilterCriteria.filter(pattern)),
      });

    // All three send mail: the fan-out and the outbox each first try, the due job every later one.
    const sendingMail = { PRIVACY_OPS_MAIL_FROM: props.mailFrom };
    const sendMail = new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      // Pseudo parameters rather than the stack's env, so the finding acknowledged below reads the same in every region.
      resources: [`arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/*`],
    });

    const noticeChanges = fn('NoticeChanges', 'notice-changes', Duration.minutes(2), sendingMail);
    table.grantReadWriteData(noticeChanges);
    noticeChanges.addToRolePolicy(sendMail);
    noticeChanges.addEventSource(streamSource('notice-changes'));

    const outbox = fn('Outbox', 'outbox', Duration.minutes(2), sendingMail);
    table.grantReadWriteData(outbox);
    outbox.addToRolePolicy(sendMail);
    outbox.addEventSource(streamSource('outbox'));

    // Each run polls for a little over its minute (lambdas/due-deliveries.ts), so runs overlap.
    const dueDeliveries = fn('DueDeliveries', 'due-deliveries', Duration.minutes(2), sendingMail);
    table.grantReadWriteData(dueDeliveries);
    dueDeliveries.addToRolePolicy(sendMail);
    new events.Rule(this, 'DueDeliveriesSchedule', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(dueDeliveries)],
    });

    const retention = fn('Retention', 'retention', Duration.minutes(15));
    table.grantReadWriteData(retention);
    new events.Rule(this, 'RetentionSchedule', {
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(retention)],
    });

    this.functions = {
      graphql,
      'notice-changes': noticeChanges,
      outbox,
      'due-deliveries': dueDeliveries,
      retention,
    };

    const web = new WebDistribution(this, 'Web', {
      api,
      userPool,
      signInDomain: authDomain,
      webAclArn: props.webAclArn,
      domain: props.webDomain,
    });
    this.web = web;
    // The admin desk's ID tokens are accepted beside the web client's.
    graphql.addEnvironment(
      'COGNITO_CLIENT_IDS',
      [client.userPoolClientId, web.adminClient.userPoolClientId].join(','),
    );
    // Consent receipts and mails link the privacy centre.
    for (const deployed of Object.values(this.functions)) {
      deployed.addEnvironment('PRIVACY_OPS_PUBLIC_URL', web.url);
    }

    // Alarms: a stream record given up on, or a delivery that ended FAILED.
    const alarmTopic = new sns.Topic(this, 'Alarms', { enforceSSL: true });
    if (props.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarmWhenAny = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(alarmTopic));
    alarmWhenAny(
      'StreamDeadLettersAlarm',
      deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'A stream record failed every try and waits in the dead-letter queue',
    );
    // As adapters/telemetry.ts writes it: EMF under the service and channel dimensions.
    for (const channel of DELIVERY_CHANNELS) {
      alarmWhenAny(
        `DeliveriesFailed${channel}Alarm`,
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'DeliveriesFailed',
          dimensionsMap: { service: SERVICE_NAME, channel },
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.SUM,
        }),
        `A delivery by ${channel} ended FAILED: see deliveries(status: FAILED), and redeliver it`,
      );
    }

    new CfnOutput(this, 'GraphqlUrl', { value: `${api.apiEndpoint}/graphql` });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'TokenUrl', { value: `${authDomain.baseUrl()}/oauth2/token` });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    new CfnOutput(this, 'PrivacyCentreUrl', { value: web.url });
    new CfnOutput(this, 'AdminDeskUrl', { value: web.adminUrl });
    new CfnOutput(this, 'DistributionDomainName', {
      value: web.distribution.distributionDomainName,
    });

    // Each acknowledged cdk-nag AwsSolutions finding, with its reason.
    const findings: [string, string][] = [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The managed policy that lets a function write its own logs and nothing else',
      ],
      [
        'AwsSolutions-IAM5[Resource::<TableCD117FA1.Arn>/index/*]',
        'The functions query the table’s own global secondary indexes',
      ],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'The functions send X-Ray traces (xray:PutTraceSegments), an action with no resource to scope to',
      ],
      [
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
        'The verified SES identity is chosen per deployment (mailFrom)',
      ],
      [
        'AwsSolutions-L1',
        'nodejs22.x is pinned on purpose: the runtime the project runs and tests on',
      ],
      [
        'AwsSolutions-APIG4',
        'One endpoint serves public and private fields: the GraphQL handler verifies Cognito tokens itself (CONTRACT.md)',
      ],
      ['AwsSolutions-COG8', 'The Plus feature plan is a cost choice made per deployment'],
    ];
    for (const [id, reason] of findings)
      Validations.of(this).acknowledge({ id: `AwsSolutions::${id}`, reason });
  }
}
