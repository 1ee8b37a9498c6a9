/**
 * In place of `@apollo/usage-reporting-protobuf`, `@apollo/utils.usagereporting`,
 * `uuid` and `async-retry` in the Lambda bundles: Apollo Server imports them
 * only for Apollo Studio's usage and schema reporting, federated subgraphs'
 * inline traces and subscription callbacks. No Studio key is ever configured,
 * the schema is no subgraph and has no subscriptions, so none of them runs.
 */
import { leftOut } from './left-out';

const REASON = 'no Apollo Studio key is configured and the schema is no subgraph';

export const Trace = leftOut('Trace', REASON);
export const google = leftOut('google', REASON);
export const Report = leftOut('Report', REASON);
export const ReportHeader = leftOut('ReportHeader', REASON);
export const usageReportingSignature = leftOut('usageReportingSignature', REASON);
export const calculateReferencedFieldsByType = leftOut('calculateReferencedFieldsByType', REASON);
export const v4 = leftOut('uuid v4', REASON);
export default leftOut('async-retry', REASON);
