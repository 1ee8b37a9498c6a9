/** Scheduled job: de-identifies attendees of events whose retention has passed, and counts overdue requests. */
import { reportOverdueRequests } from '../domain/requests/overdue';
import { runRetention } from '../domain/retention';
import { freshServices } from '../domain/services';
import { lambdaEntryPoint } from './runtime';
import { retentionSettings } from './settings';

export const handler = lambdaEntryPoint({
  name: 'retention',
  settings: retentionSettings,
  build:
    (_settings, { services, telemetry }) =>
    async () => {
      const run = freshServices(services);
      const report = await runRetention(run);
      const overdueRequests = await reportOverdueRequests(run);
      telemetry.logger.info('Retention done', { ...report, overdueRequests });
      return report;
    },
});
