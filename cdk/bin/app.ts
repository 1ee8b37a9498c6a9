/** `npx cdk synth` / `npx cdk deploy --all`: the stacks, checked by cdk-nag's AwsSolutions rules on every synth. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addPrivacyOpsStacks } from '../app';
import { cdkSettings } from '../settings';

const app = new App();
addPrivacyOpsStacks(app, cdkSettings(app), {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
