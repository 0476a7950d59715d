export { KeysService, APP_NAME } from './keys-service';
export type { ApprovalFlow, HubClientLike, KeysServiceDeps, KeysServiceOptions } from './keys-service';
export { emptyKeysState, keysStateSchema, memoryMetadataStore, metadataStoreFromKeyValue } from './ports';
export type { Browser, Clipboard, KeysState, MetadataStore } from './ports';
export { accessKeyAdminUrl, accessKeyDashboardUrl, envFormat, replacedName, baseKeyName, secretAccount } from './format';
export { ClipboardGuard } from './clipboard-guard';
