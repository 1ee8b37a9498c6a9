import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  AssetHashType,
  DefaultStackSynthesizer,
  DockerImage,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BucketDeployment,
  CacheControl,
  Source,
  type ISource,
} from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy, PAGE_HEADERS } from '../web/headers';
import { NOTICE_VERSION_LINK, noticeVersionPage } from '../web/links';
import type { WebConfig } from '../web/shared/config';
import { PROJECT_ROOT } from './bundling';
import type { WebDomain } from './settings';

export interface WebDistributionProps {
  /** The HTTP API that serves /graphql. */
  api: IHttpApi;
  userPool: cognito.IUserPool;
  /** The user pool's domain: the admin desk's hosted sign-in and token endpoint. */
  signInDomain: cognito.UserPoolDomain;
  /** The CloudFront-scoped web ACL (PrivacyOpsEdgeStack). */
  webAclArn: string;
  /** The pages' own host name; CloudFront's when absent. */
  domain?: WebDomain;
}

/** Where GraphQL is reached from the pages: the same origin, through CloudFront. */
const GRAPHQL_PATH = '/graphql';

/**
 * The CloudFront Function before the pages' cache: `/admin` and `/admin/` are
 * the admin desk's page, as the local server serves it; `/` is the
 * distribution's default root object; a receipt's notice-version link is
 * redirected to the centre's page of that version, as the local server does.
 */
const ADMIN_INDEX_FUNCTION = `var NOTICE_VERSION_LINK = ${String(NOTICE_VERSION_LINK)};
function handler(event) {
  var request = event.request;
  var link = NOTICE_VERSION_LINK.exec(request.uri);
  if (link) {
    var location = ${JSON.stringify(noticeVersionPage('NOTICE', 'VERSION'))}
      .replace('NOTICE', link[1])
      .replace('VERSION', link[2]);
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: location } } };
  }
  if (request.uri === '/admin' || request.uri === '/admin/') request.uri = '/admin/index.html';
  return request;
}`;

/** The most the API ever lets a public answer be kept: PRIVACY_OPS_NOTICE_CACHE_SECONDS' bound. */
const GRAPHQL_MAX_AGE = Duration.hours(1);

const FRAME_OPTIONS: Record<
  (typeof PAGE_HEADERS)['x-frame-options'],
  cloudfront.HeadersFrameOption
> = { DENY: cloudfront.HeadersFrameOption.DENY };
const REFERRER_POLICIES: Record<
  (typeof PAGE_HEADERS)['referrer-policy'],
  cloudfront.HeadersReferrerPolicy
> = { 'no-referrer': cloudfront.HeadersReferrerPolicy.NO_REFERRER };

/**
 * The pages as web/build.ts builds them, built while the app synthesises
 * (into cdk.out, as an asset's bundling step): a child process, since
 * construction is synchronous and the build is not. Hashed by its output, so
 * a change anywhere the pages import from is deployed.
 */
function builtPages(): ISource {
  return Source.asset(path.join(PROJECT_ROOT, 'web'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local build below either builds or throws.
      image: DockerImage.fromRegistry('node:22-slim'),
      local: {
        tryBundle(outputDir) {
          const built = spawnSync(
            process.execPath,
            [require.resolve('tsx/cli'), path.join('scripts', 'build-web.ts'), outputDir],
            { cwd: PROJECT_ROOT, encoding: 'utf8' },
          );
          if (built.status !== 0) {
            throw new Error(
              `Building the web pages failed (run npm run generate first?):\n${built.stderr}`,
            );
          }
          return true;
        },
      },
    },
  });
}

/**
 * The privacy centre (`/`) and the admin desk (`/admin`) on AWS: built pages
 * in a private S3 bucket that only CloudFront reads (origin access control),
 * /graphql routed through the same distribution to the HTTP API, the pages'
 * security headers (web/headers.ts), the web ACL in front of both, a
 * generated /config.json, and the app client of the admin desk's hosted
 * sign-in.
 */
export class WebDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** Where the privacy centre is served, e.g. https://d111111abcdef8.cloudfront.net */
  readonly url: string;
  /** The admin desk: its hosted sign-in's callback and sign-out URL. */
  readonly adminUrl: string;
  /** The admin desk's app client: its ID tokens' `aud`. */
  readonly adminClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);

    // Build output, deployed again on every deploy: nothing to keep or version.
    const bucket = new s3.Bucket(this, 'Pages', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const signInUrl = props.signInDomain.baseUrl();
    const {
      'x-frame-options': frameOption,
      'referrer-policy': referrerPolicy,
      'x-content-type-options': _nosniff,
      ...otherHeaders
    } = PAGE_HEADERS;
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The pages’ security headers (web/headers.ts)',
      securityHeadersBehavior: {
        // The admin desk exchanges its sign-in code at the pool domain's /oauth2/token.
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy([signInUrl]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: FRAME_OPTIONS[frameOption], override: true },
        referrerPolicy: { referrerPolicy: REFERRER_POLICIES[referrerPolicy], override: true },
      },
      customHeadersBehavior: {
        customHeaders: Object.entries(otherHeaders).map(([header, value]) => ({
          header,
          value,
          override: true,
        })),
      },
    });

    const adminIndex = new cloudfront.Function(this, 'AdminIndex', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(ADMIN_INDEX_FUNCTION),
      comment: 'Serves /admin/index.html at /admin and /admin/',
    });

    // Public GET answers may be kept as long as the API says (max-age); the key
    // holds what the answer depends on, and answers to a token say no-store.
    const graphqlCache = new cloudfront.CachePolicy(this, 'GraphqlCache', {
      comment: 'GraphQL: only what the API marks public, keyed by all it varies on',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: GRAPHQL_MAX_AGE,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList(
        'authorization',
        'sec-gpc',
        'accept',
      ),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const { domain } = props;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'privacy-ops: the privacy centre, the admin desk and /graphql',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: adminIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        [GRAPHQL_PATH]: {
          origin: new HttpOrigin(apiHost(props.api), {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
          cachePolicy: graphqlCache,
          // API Gateway answers to its own host name only.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
      // North America, Europe and Asia (Hong Kong, Japan, Singapore...): the lab's
      // visitors are near the last. Mainland China edges need an ICP licence.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      ...(domain && {
        domainNames: [domain.name],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });

    this.url = `https://${domain?.name ?? this.distribution.distributionDomainName}`;
    this.adminUrl = `${this.url}/admin`;

    this.adminClient = new cognito.UserPoolClient(this, 'AdminDeskClient', {
      userPool: props.userPool,
      // A page in a browser: a public client, which proves itself with PKCE.
      generateSecret: false,
      // Only the hosted sign-in (and refreshing its tokens): no password or SRP calls to the pool's API.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.adminUrl],
        logoutUrls: [this.adminUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // As long as a local token lasts.
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    const config: WebConfig = {
      graphqlUrl: GRAPHQL_PATH,
      adminSignIn: {
        kind: 'hosted',
        domainUrl: signInUrl,
        clientId: this.adminClient.userPoolClientId,
      },
    };
    const pages = builtPages();
    // Hashed names never change content: kept for good, and older ones left for
    // pages loaded before a deploy.
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [pages],
      destinationBucket: bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [
        CacheControl.setPublic(),
        CacheControl.maxAge(Duration.days(365)),
        CacheControl.immutable(),
      ],
    });
    // The HTML and config.json are checked on every load, and go up after the assets they name.
    const entryPoints = new BucketDeployment(this, 'DeployPages', {
      sources: [pages, Source.jsonData('config.json', config)],
      destinationBucket: bucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
    });
    entryPoints.node.addDependency(assets);

    const acknowledge = (scope: Construct, findings: [string, string][]) => {
      for (const [id, reason] of findings)
        Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
    };
    acknowledge(bucket, [
      [
        'AwsSolutions-S1',
        'Only CloudFront reads the bucket (origin access control): its access log would list CloudFront’s reads',
      ],
    ]);
    acknowledge(this.distribution, [
      [
        'AwsSolutions-CFR1',
        'The privacy centre serves everyone whose data the lab holds, wherever they are',
      ],
      [
        'AwsSolutions-CFR3',
        'Access logs would record every visitor’s address and path; the web ACL’s metrics and sampled requests serve operations',
      ],
      ...(domain
        ? []
        : ([
            [
              'AwsSolutions-CFR4',
              'Without webDomain the pages use CloudFront’s own *.cloudfront.net certificate, whose TLS minimum CloudFront sets; with it, TLS 1.2',
            ],
          ] as [string, string][])),
    ]);
    // BucketDeployment's own function (one for both deployments): it reads the
    // staged pages from the CDK asset bucket and syncs them into the bucket.
    const assetBucket = `arn:<AWS::Partition>:s3:::${cdkAssetBucket(Stack.of(this))}/*`;
    acknowledge(
      assets.handlerRole,
      [
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::${assetBucket}`,
        `Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`,
      ].map((finding) => [
        `AwsSolutions-IAM5[${finding}]`,
        'BucketDeployment’s grants: read the staged pages, sync (and prune) the pages bucket',
      ]),
    );
  }
}

/** The CDK asset bucket, as cdk-nag names it: the account is a placeholder until the CLI knows it. */
function cdkAssetBucket(stack: Stack): string {
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  return `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${account}-${region}`;
}

/** The HTTP API's host name, from its endpoint `https://<id>.execute-api.<region>.amazonaws.com`. */
function apiHost(api: IHttpApi): string {
  return Fn.select(2, Fn.split('/', api.apiEndpoint));
}
