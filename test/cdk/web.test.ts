import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPrivacyOpsStacks } from '../../cdk/app';
import type { PrivacyOpsEdgeStack } from '../../cdk/edge-stack';
import type { PrivacyOpsStack } from '../../cdk/stack';
import { contentSecurityPolicy } from '../../web/headers';

jest.setTimeout(120_000);

/** CloudFront's managed origin request policy AllViewerExceptHostHeader. */
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type Statement = {
  Effect: string;
  Action: string | string[];
  Principal?: Record<string, unknown>;
  Condition?: Record<string, unknown>;
};

let app: App;
let main: PrivacyOpsStack;
let edge: PrivacyOpsEdgeStack;
let template: Template;
let edgeTemplate: Template;

beforeAll(() => {
  // The functions' and the pages' builds are stack.test.ts's subject; here, what the stack wires.
  app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'privacy-ops-web-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  ({ main, edge } = addPrivacyOpsStacks(
    app,
    {
      mailFrom: 'privacy@example.org',
      logLevel: 'INFO',
      authDomainPrefix: 'privacy-ops-test',
      webRateLimit: 600,
    },
    { account: '123456789012', region: 'eu-west-1' },
  ));
  template = Template.fromStack(main);
  edgeTemplate = Template.fromStack(edge);
});

const logicalId = (stack: PrivacyOpsStack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** A template value as text, each reference written `${LogicalId}` or `${LogicalId.Attribute}`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if (typeof intrinsic.Ref === 'string') return `\${${intrinsic.Ref}}`;
  if (Array.isArray(intrinsic['Fn::GetAtt'])) return `\${${intrinsic['Fn::GetAtt'].join('.')}}`;
  if (Array.isArray(intrinsic['Fn::Join'])) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(text).join(separator);
  }
  throw new Error(`Not text: ${JSON.stringify(value)}`);
}

function only(resources: Record<string, unknown>): [string, Resource] {
  const entries = Object.entries(resources) as [string, Resource][];
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Resource];
}

const distribution = () =>
  only(template.findResources('AWS::CloudFront::Distribution'))[1].Properties
    .DistributionConfig as Record<string, unknown> & {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: Record<string, unknown>[];
    Origins: { Id: string; DomainName: unknown; [key: string]: unknown }[];
  };

const distributionUrl = () => `https://\${${logicalId(main, main.web.distribution)}.DomainName}`;
const signInUrl = () =>
  `https://\${${only(template.findResources('AWS::Cognito::UserPoolDomain'))[0]}}.auth.eu-west-1.amazoncognito.com`;

describe('the web pages on AWS', () => {
  it('keeps the pages in a private, encrypted bucket that only the distribution reads, through origin access control', () => {
    const [bucketId, bucket] = only(template.findResources('AWS::S3::Bucket'));
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();

    const [, policy] = only(template.findResources('AWS::S3::BucketPolicy'));
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const readers = statements.filter(
      (statement) => statement.Effect === 'Allow' && statement.Principal?.Service !== undefined,
    );
    expect(readers).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
      }),
    ]);
    const [reader] = readers;
    expect(
      text((reader?.Condition?.StringEquals as Record<string, unknown>)['AWS:SourceArn']),
    ).toBe(
      `arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${logicalId(main, main.web.distribution)}}`,
    );
    // Everyone else allowed anything is the stack's own emptying of the bucket on deletion.
    for (const statement of statements.filter((s) => s.Effect === 'Allow' && s !== reader)) {
      expect(text((statement.Principal as { AWS: unknown }).AWS)).toMatch(/AutoDeleteObjects/);
    }

    const s3Origin = distribution().Origins.find(
      (origin) => text(origin.DomainName) === `\${${bucketId}.RegionalDomainName}`,
    );
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(s3Origin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
  });

  it('serves the privacy centre at / and the admin desk at /admin and /admin/, over HTTPS only', () => {
    const config = distribution();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');

    const [functionId, fn] = only(template.findResources('AWS::CloudFront::Function'));
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    const handler = new Function(`${String(fn.Properties.FunctionCode)}\nreturn handler;`)() as (
      event: unknown,
    ) => { uri: string };
    const served = (uri: string) => handler({ request: { uri, headers: {} } }).uri;
    expect(served('/admin')).toBe('/admin/index.html');
    expect(served('/admin/')).toBe('/admin/index.html');
    expect(served('/')).toBe('/');
    expect(served('/config.json')).toBe('/config.json');
    expect(served('/assets/admin-ABC123.js')).toBe('/assets/admin-ABC123.js');
    expect(served('/administrator')).toBe('/administrator');
    const answered = handler({ request: { uri: '/notices/website/versions/3', headers: {} } });
    expect(answered).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/#/notices/website/versions/3' } },
    });
  });

  it('routes /graphql to the HTTP API over HTTPS, with the caller’s headers and a cache keyed by all an answer depends on', () => {
    const config = distribution();
    const graphql = config.CacheBehaviors.find((behaviour) => behaviour.PathPattern === '/graphql');
    expect(graphql).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'POST']),
      CachedMethods: ['GET', 'HEAD'],
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    const apiOrigin = config.Origins.find((origin) => origin.Id === graphql?.TargetOriginId);
    expect(apiOrigin?.DomainName).toEqual({
      'Fn::Select': [
        2,
        { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] }] },
      ],
    });
    expect(apiOrigin?.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });

    const cachePolicy = template.toJSON().Resources[
      (graphql?.CachePolicyId as { Ref: string }).Ref
    ] as Resource;
    expect(cachePolicy.Properties.CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 3600,
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: expect.arrayContaining(['authorization', 'sec-gpc', 'accept']),
        },
      },
    });
  });

  it('gives every answer the pages’ security headers: a CSP without inline code that lets the admin desk reach the pool’s token endpoint', () => {
    const config = distribution();
    const [policyId, policy] = only(
      template.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    );
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
    const headers = (policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>)
      .SecurityHeadersConfig as Record<string, Record<string, unknown>>;
    const csp = text(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toBe(contentSecurityPolicy([signInUrl()]));
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp.split('; ').find((directive) => directive.startsWith('connect-src'))).toBe(
      `connect-src 'self' ${signInUrl()}`,
    );
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
    });
  });

  it('puts the pages and /graphql behind a CloudFront web ACL in us-east-1 that limits each client address', () => {
    expect(edge.region).toBe('us-east-1');
    const [aclId, acl] = only(edgeTemplate.findResources('AWS::WAFv2::WebACL'));
    expect(acl.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
    const rules = acl.Properties.Rules as Record<string, unknown>[];
    for (const rule of rules) {
      expect(rule.VisibilityConfig).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
      });
    }
    const rateRule = rules.find((rule) => 'RateBasedStatement' in (rule.Statement as object));
    expect(rateRule).toMatchObject({
      Statement: {
        RateBasedStatement: { AggregateKeyType: 'IP', Limit: 600, EvaluationWindowSec: 300 },
      },
      Action: {
        Block: {
          CustomResponse: {
            ResponseCode: 429,
            ResponseHeaders: [{ Name: 'retry-after', Value: '300' }],
          },
        },
      },
    });
    const body = (acl.Properties.CustomResponseBodies as Record<string, { Content: string }>)[
      (rateRule?.Action as { Block: { CustomResponse: { CustomResponseBodyKey: string } } }).Block
        .CustomResponse.CustomResponseBodyKey
    ];
    expect(JSON.parse(body?.Content ?? '')).toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED', retryAfter: 300 } }],
    });

    // The distribution's web ACL is the edge stack's, read across regions once that stack is deployed.
    expect(distribution().WebACLId).toEqual({
      'Fn::GetStackOutput': {
        StackName: edge.stackName,
        Region: 'us-east-1',
        OutputName: expect.any(String),
      },
    });
    const { OutputName } = (
      distribution().WebACLId as { 'Fn::GetStackOutput': { OutputName: string } }
    )['Fn::GetStackOutput'];
    expect(edgeTemplate.toJSON().Outputs[OutputName].Value).toEqual({
      'Fn::GetAtt': [aclId, 'Arn'],
    });
    expect(main.dependencies).toContain(edge);
  });

  it('uploads the hashed assets to keep for good and the pages to check on every load, assets first, with a config.json naming /graphql and the hosted sign-in', () => {
    const deployments = template.findResources('Custom::CDKBucketDeployment');
    const [assetsId, assets] = Object.entries(deployments).find(
      ([, d]) => (d as Resource).Properties.Include !== undefined,
    ) as [string, Resource];
    const [, pages] = Object.entries(deployments).find(([id]) => id !== assetsId) as [
      string,
      Resource,
    ];
    expect(assets.Properties).toMatchObject({
      Exclude: ['*'],
      Include: ['assets/*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages.Properties).toMatchObject({
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(pages.DependsOn).toContain(assetsId);

    const keys = pages.Properties.SourceObjectKeys as string[];
    const markers = pages.Properties.SourceMarkers as Record<string, unknown>[];
    const configAt = keys.findIndex((_key, index) => Object.keys(markers[index] ?? {}).length > 0);
    let config = readFileSync(
      join(app.outdir, `asset.${keys[configAt]?.replace(/\.zip$/, '')}`, 'config.json'),
      'utf8',
    );
    for (const [marker, value] of Object.entries(markers[configAt] ?? {})) {
      config = config.split(marker).join(text(value));
    }
    expect(JSON.parse(config)).toEqual({
      graphqlUrl: '/graphql',
      adminSignIn: {
        kind: 'hosted',
        domainUrl: signInUrl(),
        clientId: `\${${logicalId(main, main.web.adminClient)}}`,
      },
    });
  });

  it('signs admins in at the pool’s hosted sign-in: code grant for a public client, back to /admin, one-hour ID tokens the API accepts', () => {
    const client = template.toJSON().Resources[logicalId(main, main.web.adminClient)] as Resource;
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 60,
      TokenValidityUnits: expect.objectContaining({ IdToken: 'minutes' }),
    });
    expect((client.Properties.CallbackURLs as unknown[]).map(text)).toEqual([
      `${distributionUrl()}/admin`,
    ]);
    expect((client.Properties.LogoutURLs as unknown[]).map(text)).toEqual([
      `${distributionUrl()}/admin`,
    ]);

    const graphql = template.toJSON().Resources[
      logicalId(main, main.functions.graphql)
    ] as Resource;
    const environment = (graphql.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(text(environment.COGNITO_CLIENT_IDS).split(',')).toEqual([
      expect.stringMatching(/^\$\{UsersWebClient/),
      `\${${logicalId(main, main.web.adminClient)}}`,
    ]);
  });

  it('leaves the pool’s other web client without a hosted sign-in of its own', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const [, webClient] = Object.entries(clients).find(([id]) =>
      id.startsWith('UsersWebClient'),
    ) as [string, Resource];
    expect(webClient.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(webClient.Properties.CallbackURLs).toBeUndefined();
  });

  it('tells every function, and the deployer, where the privacy centre and the admin desk are', () => {
    for (const fn of Object.values(main.functions)) {
      const resource = template.toJSON().Resources[logicalId(main, fn)] as Resource;
      const environment = (
        resource.Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(text(environment.PRIVACY_OPS_PUBLIC_URL)).toBe(distributionUrl());
    }
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(text(outputs.PrivacyCentreUrl?.Value)).toBe(distributionUrl());
    expect(text(outputs.AdminDeskUrl?.Value)).toBe(`${distributionUrl()}/admin`);
  });
});
