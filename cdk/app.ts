import type { App } from 'aws-cdk-lib';
import { EDGE_REGION, PrivacyOpsEdgeStack } from './edge-stack';
import type { CdkSettings } from './settings';
import { PrivacyOpsStack } from './stack';

/** The account and region the API is deployed to: the CLI's own (CDK_DEFAULT_*) unless given. */
export interface Deployment {
  account?: string;
  region?: string;
}

/**
 * The two stacks: `PrivacyOpsEdge` in us-east-1 holds the web ACL CloudFront
 * takes from there only; `PrivacyOps`, in the deployment's region, holds the
 * rest and reads the ACL's ARN across regions (Fn::GetStackOutput), so it is
 * deployed after it. The same two stacks when that region is us-east-1
 * itself, so there is one way to deploy.
 */
export function addPrivacyOpsStacks(app: App, settings: CdkSettings, deployment: Deployment) {
  const { webRateLimit, webDomain, ...api } = settings;
  const edge = new PrivacyOpsEdgeStack(app, 'PrivacyOpsEdge', {
    env: { account: deployment.account, region: EDGE_REGION },
    description: 'privacy-ops: the web ACL in front of the CloudFront distribution',
    webRateLimit,
  });
  const main = new PrivacyOpsStack(app, 'PrivacyOps', {
    env: deployment,
    ...api,
    webAclArn: edge.webAclArn,
    webDomain,
  });
  return { edge, main };
}
