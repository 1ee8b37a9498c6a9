import { CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Where CloudFront's web ACLs must be created, whatever region the rest is in. */
export const EDGE_REGION = 'us-east-1';

/** The window of the rate-based rule: refused callers may try again once it has passed. */
export const RATE_WINDOW_SECONDS = 300;

export interface PrivacyOpsEdgeStackProps extends StackProps {
  /** Requests one client address may make in any five minutes before it is refused. */
  webRateLimit: number;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  metricName,
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
});

/** A refused request reads as the API's own errors do (CONTRACT.md, Errors). */
const RATE_LIMITED_BODY = JSON.stringify({
  errors: [
    {
      message: 'Too many requests from your network address: try again in a few minutes',
      extensions: { code: 'RATE_LIMITED', retryAfter: RATE_WINDOW_SECONDS },
    },
  ],
});

/**
 * The web ACL in front of the CloudFront distribution, which serves the pages
 * and /graphql alike. CloudFront takes web ACLs from us-east-1 only, so this
 * small stack lives there and the main stack reads its ARN across regions.
 */
export class PrivacyOpsEdgeStack extends Stack {
  /** The web ACL's ARN, as CloudFront's `webAclId` wants it. */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: PrivacyOpsEdgeStackProps) {
    super(scope, id, props);

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'privacy-ops: the pages and /graphql behind CloudFront',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('PrivacyOpsWeb'),
      customResponseBodies: {
        RateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY },
      },
      rules: [
        {
          // Addresses AWS's threat intelligence knows for bots and attacks.
          name: 'AmazonIpReputation',
          priority: 0,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesAmazonIpReputationList',
            },
          },
          visibilityConfig: visibility('AmazonIpReputation'),
        },
        {
          name: 'RequestsPerAddress',
          priority: 1,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'RateLimited',
                responseHeaders: [{ name: 'retry-after', value: String(RATE_WINDOW_SECONDS) }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.webRateLimit,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
            },
          },
          visibilityConfig: visibility('RequestsPerAddress'),
        },
      ],
    });
    // Read by the main stack with Fn::GetStackOutput: no custom resource to carry it
    // across regions, and WAF itself refuses to delete an ACL a distribution uses.
    CrossStackReferences.of(webAcl).produce(ReferenceStrength.WEAK);
    this.webAclArn = webAcl.attrArn;
  }
}
