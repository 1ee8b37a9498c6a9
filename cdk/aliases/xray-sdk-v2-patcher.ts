/**
 * In place of `semver` in the Lambda bundles: the X-Ray SDK loads it only to
 * check the version of AWS SDK v2 it would patch; the functions use SDK v3,
 * traced through `captureAWSv3Client`.
 */
import { leftOut } from './left-out';

export const gte = leftOut('semver gte', 'the functions trace AWS SDK v3 clients, never SDK v2');
