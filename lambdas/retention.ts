/** Scheduled job: de-identifies attendees whose retention has passed, deletes expired unverified requests, and counts overdue requests. */
import { runScheduledJob } from '../domain/scheduled-job';
import { lambdaEntryPoint } from './runtime';
import { retentionSettings } from './settings';

export const handler = lambdaEntryPoint({
  name: 'retention',
  settings: retentionSettings,
  build:
    (_settings, { services, telemetry }) =>
    async () => {
      const report = await runScheduledJob(services);
      telemetry.logger.info('Scheduled job done', { ...report });
      return report;
    },
});
