import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  BUNDLE_FILE,
  buildLambdaBundle,
  LAMBDA_FUNCTIONS,
  type LambdaFunctionName,
} from '../../cdk/bundling';
import { addPrivacyOpsStacks } from '../../cdk/app';
import type { PrivacyOpsStack } from '../../cdk/stack';
import { emfTelemetry } from '../../adapters/telemetry';
import { DELIVERY_CHANNELS } from '../../domain/constants';

jest.setTimeout(120_000);

let app: App;
let stack: PrivacyOpsStack;
let template: Template;

beforeAll(() => {
  app = new App({ outdir: mkdtempSync(join(tmpdir(), 'privacy-ops-cdk-')) });
  stack = addPrivacyOpsStacks(
    app,
    {
      mailFrom: 'privacy@example.org',
      logLevel: 'INFO',
      authDomainPrefix: 'privacy-ops-test',
      alarmEmail: 'oncall@example.org',
      webRateLimit: 1_000,
    },
    { account: '123456789012', region: 'eu-west-1' },
  ).main;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  template = Template.fromStack(stack);
});

describe('the AWS stack', () => {
  it('keeps the table: stream with both images, point-in-time recovery, deletion protection, retained, time to live', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('runs every function on arm64 and nodejs22.x, each with a log group that expires', () => {
    const functions = Object.values(stack.functions).map(
      (fn) => template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)],
    );
    expect(functions).toHaveLength(Object.keys(LAMBDA_FUNCTIONS).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it.each(Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[])(
    'deploys %s as exactly the bundle cdk/bundling.ts builds, within its budget',
    async (name) => {
      const logicalId = stack.getLogicalId(stack.functions[name].node.defaultChild as CfnElement);
      const code = template.toJSON().Resources[logicalId].Properties.Code as { S3Key: string };
      const asset = join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, BUNDLE_FILE);
      const deployed = readFileSync(asset);
      const built = await buildLambdaBundle(
        LAMBDA_FUNCTIONS[name].entry,
        mkdtempSync(join(tmpdir(), `privacy-ops-${name}-`)),
      );

      expect(deployed.equals(readFileSync(built.file))).toBe(true);
      expect(deployed.length).toBeLessThanOrEqual(LAMBDA_FUNCTIONS[name].budgetKiB * 1024);
    },
  );

  it('feeds the stream handlers with filters, partial batch failures, bisection, bounded retries and a dead-letter queue', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        MaximumRecordAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
      expect(mapping.Properties.FilterCriteria.Filters.length).toBeGreaterThan(0);
    }
  });

  it('serves GraphQL through an HTTP API with CORS and throttling, and runs the due deliveries and retention on schedules', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowHeaders: Match.arrayWith(['authorization']) }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /graphql' });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: {
            'Fn::GetAtt': [
              stack.getLogicalId(stack.functions['due-deliveries'].node.defaultChild as CfnElement),
              'Arn',
            ],
          },
        }),
      ],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
  });

  it('makes every user of the pool sign in with an authenticator app, never a text message', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AccountRecoverySetting: {
        RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
      },
    });
    template.resourcePropertiesCountIs(
      'AWS::Cognito::UserPool',
      { SmsConfiguration: Match.anyValue() },
      0,
    );
  });

  it('gives partner systems a token endpoint and a resource server with the read scope', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'privacy-ops',
      Scopes: [Match.objectLike({ ScopeName: 'read' })],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'privacy-ops-test',
    });
    expect(JSON.stringify(template.toJSON().Outputs.TokenUrl)).toContain(
      '.amazoncognito.com/oauth2/token',
    );
  });

  it('signs the API’s own sign-in tokens with a retained KMS RSA key that only the GraphQL function may use', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
    });
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    const graphqlRole = (
      template.toJSON().Resources[
        stack.getLogicalId(stack.functions.graphql.node.defaultChild as CfnElement)
      ].Properties.Role as { 'Fn::GetAtt': [string, string] }
    )['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: graphqlRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Sign', 'kms:GetPublicKey'],
            Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PRIVACY_OPS_SIGN_IN_KEY_ID: { Ref: keyId },
          PRIVACY_OPS_SIGN_IN_ISSUER: 'privacy-ops-sign-in:PrivacyOps',
        }),
      },
    });
    const signers = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('kms:Sign'),
    );
    expect(signers).toHaveLength(1);
  });

  it('raises an alarm, mailed through one topic, when a stream record reaches the dead-letter queue', () => {
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: { Ref: topics[0] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamDeadLetters'), 'QueueName'] },
        },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topics[0] }],
    });
  });

  it.each(DELIVERY_CHANNELS)(
    'raises an alarm on a FAILED delivery by %s, on the metric exactly as the functions write it',
    (channel) => {
      const written: string[] = [];
      const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        written.push(chunk.toString());
        return true;
      });
      try {
        const metrics = emfTelemetry();
        metrics.count('DeliveriesFailed', 1, { channel });
        metrics.flush();
      } finally {
        stdout.mockRestore();
      }
      const line = JSON.parse(written.join('')) as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
      };
      const [emitted] = line._aws.CloudWatchMetrics;
      const dimensions = (emitted?.Dimensions[0] ?? []).map((name) => ({
        Name: name,
        Value: line[name],
      }));
      expect(dimensions).toContainEqual({ Name: 'channel', Value: channel });

      const [topic] = Object.keys(template.findResources('AWS::SNS::Topic'));
      const byName = (a: { Name: string }, b: { Name: string }) => a.Name.localeCompare(b.Name);
      const alarms = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { Namespace: emitted?.Namespace, MetricName: 'DeliveriesFailed' },
        }),
      ).filter(
        (alarm) =>
          JSON.stringify([...alarm.Properties.Dimensions].sort(byName)) ===
          JSON.stringify([...dimensions].sort(byName)),
      );
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.Properties).toMatchObject({
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topic }],
      });
    },
  );

  it('uploads the pages web/build.ts builds: the privacy centre, the admin desk and their hashed assets', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as {
      Properties: { SourceObjectKeys: string[] };
    }[];
    const staged = deployments
      .flatMap((deployment) => deployment.Properties.SourceObjectKeys)
      .map((key) => join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`))
      .find((folder) => existsSync(join(folder, 'index.html')));
    expect(staged).toBeDefined();
    const folder = staged ?? '';
    for (const page of ['index.html', join('admin', 'index.html')]) {
      const html = readFileSync(join(folder, page), 'utf8');
      const [, script] = /<script[^>]*src="([^"]+)"/.exec(html) ?? [];
      expect(script).toMatch(/^\/assets\/.+-[A-Z0-9]+\.js$/);
      expect(existsSync(join(folder, script ?? ''))).toBe(true);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    }
    expect(readdirSync(join(folder, 'assets')).length).toBeGreaterThanOrEqual(4);
  });

  it('passes cdk-nag’s AwsSolutions checks, each exception acknowledged with its reason', () => {
    const assembly = app.synth();
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: { ruleName: string }[];
      }[];
    };
    const checks = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(checks?.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(checks?.conclusion).toBe('success');
  });
});
