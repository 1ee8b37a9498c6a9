import type { DeliveryChannel } from './constants';
import type { Db } from '../store/db';
import { createLoaders, type Loaders } from '../store/loaders';
import type { Controller } from './controller';
import { createNoticeCache, type NoticeCache } from './notice-cache';
import type { DeadlineSettings } from './requests/deadlines';
import type { RetrySchedule } from './retry-schedule';

/** What operators watch: each a count, some by delivery channel. */
export const METRIC_NAMES = [
  /** A mail or webhook delivered. */
  'DeliveriesSent',
  /** A try that failed, with another scheduled. */
  'DeliveriesRetried',
  /** A delivery given up after its last try: it shows as FAILED in `deliveries`. */
  'DeliveriesFailed',
  /** People told of a material notice change in one fan-out step. */
  'PeopleTold',
  /** Partners told of a material notice change when its notification starts. */
  'PartnersTold',
  /** Subject requests past their deadline and not yet answered, counted by the scheduled job. */
  'OverdueRequests',
  /**
   * A stream record the local stream pump gave up on after as many tries as
   * the AWS event source mapping makes (on AWS it goes to the dead-letter queue).
   */
  'StreamRecordsSetAside',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface MetricDimensions {
  channel?: DeliveryChannel;
}

/** The port through which the rules report counts; `adapters/telemetry.ts` implements it. */
export interface Telemetry {
  count(name: MetricName, value: number, dimensions?: MetricDimensions): void;
}

/** Counts nothing: for callers that watch nothing, such as tests and the benchmark. */
export const NO_TELEMETRY: Telemetry = { count: () => undefined };

/** What the domain needs from its surroundings; tests build their own. */
export interface Services {
  db: Db;
  now: () => Date;
  controller: Controller;
  deadlines: DeadlineSettings;
  /** When failed deliveries are tried again. */
  retrySchedule: RetrySchedule;
  telemetry: Telemetry;
  /** For the life of the process: the notices in effect, shared by every request. */
  noticeCache: NoticeCache;
  /** Per request (or per job run): a cache that must not outlive it. */
  loaders: Loaders;
}

/** What services are built from; without a notice cache, one of the default staleness is made. */
export type ServiceBase = Omit<Services, 'loaders' | 'noticeCache'> & { noticeCache?: NoticeCache };

/** The same services with empty loaders, for one request or one job run. */
export function freshServices(base: ServiceBase): Services {
  return {
    db: base.db,
    now: base.now,
    controller: base.controller,
    deadlines: base.deadlines,
    retrySchedule: base.retrySchedule,
    telemetry: base.telemetry,
    noticeCache: base.noticeCache ?? createNoticeCache(),
    loaders: createLoaders(base.db),
  };
}
