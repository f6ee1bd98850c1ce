import type { Logger } from "../logger.js";
import type { CatalogServices } from "../catalog/services.js";
import type { CatalogLoaders } from "../catalog/read/loaders.js";
import type { FeedService } from "../feeds/feed-service.js";
import type { BackgroundJobs } from "../jobs/background-jobs.js";
import type { WebhookService } from "../webhooks/webhook-service.js";
import type { MediaService } from "../media/media-service.js";
import type { Principal } from "../auth/principal.js";
import type { AccessControl } from "../auth/access-control.js";
import type { BulkJobs } from "../bulk/jobs/bulk-jobs.js";
import type { Writer } from "../catalog/write-guard.js";

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  /** Who makes the change, as recorded in history. */
  actor: string;
  /** The actor with the write guard of its key's limits: what catalog writes of this request take. */
  writer: Writer;
  catalog: CatalogServices;
  feeds: FeedService;
  jobs: BackgroundJobs;
  loaders: CatalogLoaders;
  webhooks: WebhookService;
  media: MediaService;
  /** The request's batched reads of media assets (MediaService.assetLoader). */
  mediaAssets: ReturnType<MediaService["assetLoader"]>;
  /** The caller the HTTP layer authenticated; what it may do is checked per field (src/auth/field-access.ts). */
  principal: Principal;
  access: AccessControl;
  clientIp: string | null;
  bulk: BulkJobs;
}
