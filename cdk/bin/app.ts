/** `npx cdk synth` / `npx cdk deploy`: the stack, checked by cdk-nag's AwsSolutions rules on every synth. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cdkSettings } from '../settings';
import { PrivacyOpsStack } from '../stack';

const app = new App();
new PrivacyOpsStack(app, 'PrivacyOps', cdkSettings(app));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
