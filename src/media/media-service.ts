import { join } from "node:path";
import DataLoader from "dataloader";
import type { Collection, Connection } from "mongoose";
import { PimError } from "../errors.js";
import type { Logger } from "../logger.js";
import { assetCollection, assetIdPattern, type MediaAssetDocument } from "./asset-store.js";
import { inspectUpload, type UploadLimits } from "./inspect-upload.js";
import { formatExtensions, type PresetCatalog, type RenditionPreset } from "./presets.js";
import { mediaPresets } from "./channel-images.js";
import { productRegion, renderRendition } from "./render.js";
import { mimeTypes } from "./safe-sharp.js";
import { LocalDiskStorage } from "../storage/local-disk-storage.js";
import type { ObjectStorage } from "../storage/object-storage.js";
import { defaultUploadLimits } from "./media-settings.js";
import type { BackgroundJobs } from "../jobs/background-jobs.js";

export interface StoredRendition {
  key: string;
  contentType: string;
  etag: string;
  bytes: number;
}

export interface UploadResult {
  asset: MediaAssetDocument;
  /** False when the same bytes were already an asset. */
  created: boolean;
}

/** Renders every preset of one uploaded asset, in whichever process of the fleet is free. */
export const renditionsJob = "media.renditions";
/** A dozen presets of a large original take seconds; minutes mean something is wrong. */
const renditionsTimeLimitMs = 5 * 60_000;

const originalKey = (id: string) => `originals/${id.slice(0, 2)}/${id}`;
const renditionKey = (id: string, preset: RenditionPreset) =>
  `renditions/${preset.name}-${preset.fingerprint}/${id.slice(0, 2)}/${id}.${formatExtensions[preset.format][0]}`;

/**
 * Assets and their renditions: uploads checked and stored content-addressed, renditions made once per
 * preset (concurrent requests share one render), by a background job after an upload or on first request.
 */
export class MediaService {
  readonly assets: Collection<MediaAssetDocument>;
  readonly presets: PresetCatalog;
  private readonly inFlight = new Map<string, Promise<StoredRendition>>();
  /** Renditions actually rendered by this process (not served from storage): a metric, and how tests see single-flight. */
  renderCount = 0;

  constructor(
    connection: Connection,
    readonly storage: ObjectStorage,
    readonly limits: UploadLimits,
    private readonly logger: Logger,
    /** Without a job queue (command-line tools), nothing is rendered ahead: renditions are made on first request. */
    private readonly jobs: BackgroundJobs | null,
    presets: PresetCatalog = mediaPresets(),
  ) {
    this.assets = assetCollection(connection);
    this.presets = presets;
    jobs?.work<{ asset: string }>(renditionsJob, { concurrency: 1, leaseMs: 60_000, timeLimitMs: renditionsTimeLimitMs, oneOff: true }, ({ asset }, signal) =>
      this.renderAll(asset, signal),
    );
  }

  /** Limits from the configuration, the defaults for what it leaves unset. */
  static onStorage(
    connection: Connection,
    storage: ObjectStorage,
    limits: Partial<UploadLimits> | undefined,
    logger: Logger,
    jobs: BackgroundJobs | null,
  ): MediaService {
    return new MediaService(connection, storage, { ...defaultUploadLimits, ...limits }, logger, jobs);
  }

  /** Files under `${dataDir}/media`, nothing rendered ahead: tools and tests that need neither shared storage nor jobs. */
  static onLocalDisk(connection: Connection, dataDir: string, limits: Partial<UploadLimits> | undefined, logger: Logger): MediaService {
    return MediaService.onStorage(connection, new LocalDiskStorage(join(dataDir, "media")), limits, logger, null);
  }

  /** Checks and stores an upload; the same bytes again return the existing asset. */
  async upload(bytes: Buffer, options: { originalName?: string | null; renderInBackground?: boolean } = {}): Promise<UploadResult> {
    const inspected = await inspectUpload(bytes, this.limits);
    const existing = await this.assets.findOne({ _id: inspected.id });
    if (existing) return { asset: existing, created: false };
    // Measured once here so a feed run can tell, without the pixels, how large a framed rendition comes out.
    const productRegionOnWhite = await productRegion(bytes, "#ffffff", this.limits);
    // The file first, then the document: an asset is visible only once its original is complete.
    await this.storage.put(originalKey(inspected.id), bytes);
    const { id, ...facts } = inspected;
    const asset: MediaAssetDocument = {
      _id: id,
      ...facts,
      productRegion: productRegionOnWhite,
      mimeType: mimeTypes[inspected.format],
      checksum: `sha256:${id}`,
      altTexts: {},
      originalName: options.originalName?.slice(0, 255) || null,
      createdAt: new Date(),
    };
    try {
      await this.assets.insertOne(asset);
    } catch (error) {
      // Two uploads of the same bytes at once: the other one stored the same document.
      if ((error as { code?: number }).code !== 11000) throw error;
      return { asset: (await this.assets.findOne({ _id: id })) ?? asset, created: false };
    }
    if (options.renderInBackground ?? true) await this.jobs?.runWithin(renditionsJob, { asset: id }, 0);
    return { asset, created: true };
  }

  /** One query for the assets a GraphQL request reads (a page of products and their images), per request. */
  assetLoader(): DataLoader<string, MediaAssetDocument | null> {
    return new DataLoader(async (ids) => {
      const found = await this.assets.find({ _id: { $in: ids.filter((id) => assetIdPattern.test(id)) } }).toArray();
      const byId = new Map(found.map((asset) => [asset._id, asset]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  async asset(id: string): Promise<MediaAssetDocument | null> {
    return assetIdPattern.test(id) ? this.assets.findOne({ _id: id }) : null;
  }

  async requireAsset(id: string): Promise<MediaAssetDocument> {
    const asset = await this.asset(id);
    if (!asset) throw new PimError("NOT_FOUND", `Asset ${id} does not exist`, [{ path: ["asset"], message: `asset ${id} does not exist` }]);
    return asset;
  }

  async setAltTexts(id: string, altTexts: Record<string, string | null>): Promise<MediaAssetDocument> {
    await this.requireAsset(id);
    const set: Record<string, string> = {};
    const unset: Record<string, ""> = {};
    for (const [locale, text] of Object.entries(altTexts)) {
      if (text === null || text.trim() === "") unset[`altTexts.${locale}`] = "";
      else set[`altTexts.${locale}`] = text.trim();
    }
    await this.assets.updateOne({ _id: id }, { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) });
    return this.requireAsset(id);
  }

  preset(name: string): RenditionPreset {
    const preset = this.presets.presets.get(name);
    if (!preset)
      throw new PimError("NOT_FOUND", `No preset ${name}; presets: ${[...this.presets.presets.keys()].join(", ")}`, [
        { path: ["preset"], message: `preset ${name} does not exist` },
      ]);
    return preset;
  }

  original(asset: Pick<MediaAssetDocument, "_id" | "mimeType" | "bytes">): StoredRendition {
    return { key: originalKey(asset._id), contentType: asset.mimeType, etag: `"${asset._id}"`, bytes: asset.bytes };
  }

  /** The stored rendition, rendered now if it is missing; concurrent callers for the same one share a render. */
  async rendition(id: string, presetName: string): Promise<StoredRendition> {
    const preset = this.preset(presetName);
    const key = renditionKey(id, preset);
    const shared = this.inFlight.get(key);
    if (shared) return shared;
    const work = this.findOrRender(id, preset, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  private async findOrRender(id: string, preset: RenditionPreset, key: string): Promise<StoredRendition> {
    const stored = { key, contentType: mimeTypes[preset.format], etag: `"${id}-${preset.name}-${preset.fingerprint}"` };
    const found = await this.storage.stat(key);
    if (found) return { ...stored, bytes: found.bytes };
    const asset = await this.requireAsset(id);
    const original = await this.storage.get(originalKey(asset._id));
    if (!original) throw new PimError("INTERNAL_SERVER_ERROR", `The original of asset ${id} is missing from storage`);
    const started = Date.now();
    const rendered = await renderRendition(original, preset, this.limits);
    this.renderCount += 1;
    await this.storage.put(key, rendered.data);
    this.logger.debug(
      { asset: id, preset: preset.name, width: rendered.width, height: rendered.height, bytes: rendered.data.length, ms: Date.now() - started },
      "rendition rendered",
    );
    return { ...stored, bytes: rendered.data.length };
  }

  /** Every preset of a new asset, one after another so uploads never flood the CPU; stops between presets once the job's time is up. */
  private async renderAll(id: string, signal: AbortSignal): Promise<void> {
    for (const name of this.presets.presets.keys()) {
      if (signal.aborted) return;
      await this.rendition(id, name);
    }
  }

  /** Resolves once no rendition job is waiting or running (tests wait for uploads' renditions with it). */
  async idle(): Promise<void> {
    if (!this.jobs) return;
    while ((await this.jobs.list(renditionsJob)).some((job) => job.state !== "idle")) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Waits for renditions being written for requests. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.inFlight.values());
  }
}
