export { HygieneService } from './service';
export type { HygieneDeps, HygieneScheduleOptions } from './service';
export { activityDigest, aggregateActivity, ACTIVITY_DAYS } from './activity';
export * from './rules';
export { NotificationLedger, NOTIFIED_STORE_KEY, safeName } from './notifications';
