export { discoverHub, hubFromBlockletInfo, parseHubAddress, HUB_DID } from './discover';
export type { DiscoveredHub, DiscoverOptions } from './discover';
export { HubClient } from './client';
export type { HubClientOptions, ModelType } from './client';
export { hubErrorFromResponse, readHubErrorBody } from './hub-errors';
export type { HubErrorBody } from './hub-errors';
export {
  approvalPageUrl,
  createSession,
  deleteSession,
  pollSession,
  decryptAccessKeySecret,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_APPROVAL_TIMEOUT_MS,
} from './approval';
export type { AccessKeySession, ApprovedSession, PollOptions } from './approval';
export { hubRequest, networkError, DEFAULT_HUB_TIMEOUT_MS } from './http';
export { redactSecrets } from './redact';
