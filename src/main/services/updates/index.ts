export { UpdatesService, type UpdaterLike, type UpdatesServiceDeps, type DownloadProgress } from './service';
