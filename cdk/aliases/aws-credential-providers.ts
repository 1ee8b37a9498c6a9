/**
 * In place of the AWS SDK's credential providers after the first, in the
 * Lambda bundles: Lambda puts the function's credentials in its environment,
 * which the default chain reads first (`fromEnv`), so the profile, SSO,
 * process, web identity, container and instance metadata providers (and the
 * STS, SSO and sign-in clients they bring) never run.
 */
import { leftOut } from './left-out';

const REASON = 'a Lambda function takes its credentials from its environment';

export const fromSSO = leftOut('fromSSO', REASON);
export const fromIni = leftOut('fromIni', REASON);
export const fromProcess = leftOut('fromProcess', REASON);
export const fromTokenFile = leftOut('fromTokenFile', REASON);
export const fromHttp = leftOut('fromHttp', REASON);
export const fromContainerMetadata = leftOut('fromContainerMetadata', REASON);
export const fromInstanceMetadata = leftOut('fromInstanceMetadata', REASON);
