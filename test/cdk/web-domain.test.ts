import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addPrivacyOpsStacks } from '../../cdk/app';
import type { PrivacyOpsStack } from '../../cdk/stack';

jest.setTimeout(120_000);

const CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

let app: App;
let main: PrivacyOpsStack;
let template: Template;

beforeAll(() => {
  app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'privacy-ops-web-domain-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  main = addPrivacyOpsStacks(
    app,
    {
      mailFrom: 'privacy@example.org',
      logLevel: 'INFO',
      webRateLimit: 1_000,
      webDomain: { name: 'privacy.example.org', certificateArn: CERTIFICATE },
    },
    { account: '123456789012', region: 'us-east-1' },
  ).main;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  template = Template.fromStack(main);
});

describe('the web pages on their own host name', () => {
  it('serves them with the given certificate and TLS 1.2 at least', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['privacy.example.org'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      },
    });
  });

  it('sends admins back to /admin on that host, and links the pages there', () => {
    const resources = template.toJSON().Resources;
    const client =
      resources[main.getLogicalId(main.web.adminClient.node.defaultChild as CfnElement)];
    expect(client.Properties.CallbackURLs).toEqual(['https://privacy.example.org/admin']);
    expect(client.Properties.LogoutURLs).toEqual(['https://privacy.example.org/admin']);
    const graphql =
      resources[main.getLogicalId(main.functions.graphql.node.defaultChild as CfnElement)];
    expect(graphql.Properties.Environment.Variables.PRIVACY_OPS_PUBLIC_URL).toBe(
      'https://privacy.example.org',
    );
  });

  it('passes cdk-nag’s AwsSolutions checks without the default certificate’s exception, in us-east-1 too', () => {
    const assembly = app.synth();
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: { pluginName: string; violations: { ruleName: string }[] }[] };
    const checks = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(checks?.violations.map((violation) => violation.ruleName)).toEqual([]);
    const acknowledged = main.web.distribution.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
    expect(acknowledged).toContainEqual(expect.stringContaining('AwsSolutions-CFR3'));
    expect(acknowledged).not.toContainEqual(expect.stringContaining('AwsSolutions-CFR4'));
  });
});
