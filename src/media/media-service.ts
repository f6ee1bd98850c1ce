import { join } from "node:path";
import type { Collection, Connection } from "mongoose";
import { PimError } from "../errors.js";
import type { Logger } from "../logger.js";
import { assetCollection, assetIdPattern, type MediaAssetDocument } from "./asset-store.js";
import { inspectUpload, type UploadLimits } from "./inspect-upload.js";
import type { PresetCatalog, RenditionPreset } from "./presets.js";
import { mediaPresets } from "./channel-images.js";
import { renderRendition } from "./render.js";
import { mimeTypes } from "./safe-sharp.js";
import { LocalDiskStorage } from "../storage/local-disk-storage.js";
import type { ObjectStorage } from "../storage/object-storage.js";
import { defaultUploadLimits } from "./media-settings.js";
import { outsideRequest } from "../protection/request-deadline.js";

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

const extensionOf: Record<RenditionPreset["format"], string> = { jpeg: "jpg", webp: "webp", avif: "avif", png: "png" };

const originalKey = (id: string) => `originals/${id.slice(0, 2)}/${id}`;
const renditionKey = (id: string, preset: RenditionPreset) => `renditions/${preset.name}-${preset.fingerprint}/${id.slice(0, 2)}/${id}.${extensionOf[preset.format]}`;

/**
 * Assets and their renditions: uploads checked and stored content-addressed, renditions made once per
 * preset (concurrent requests share one render), in the background after an upload or on first request.
 */
export class MediaService {
  readonly assets: Collection<MediaAssetDocument>;
  readonly presets: PresetCatalog;
  private readonly inFlight = new Map<string, Promise<StoredRendition>>();
  private background: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Renditions actually rendered by this process (not served from storage): a metric, and how tests see single-flight. */
  renderCount = 0;

  constructor(
    connection: Connection,
    readonly storage: ObjectStorage,
    readonly limits: UploadLimits,
    private readonly logger: Logger,
    presets: PresetCatalog = mediaPresets(),
  ) {
    this.assets = assetCollection(connection);
    this.presets = presets;
  }

  /** Limits from the configuration, the defaults for what it leaves unset. */
  static onStorage(connection: Connection, storage: ObjectStorage, limits: Partial<UploadLimits> | undefined, logger: Logger): MediaService {
    return new MediaService(connection, storage, { ...defaultUploadLimits, ...limits }, logger);
  }

  /** Files under `${dataDir}/media`: tools and tests that need no shared storage. */
  static onLocalDisk(connection: Connection, dataDir: string, limits: Partial<UploadLimits> | undefined, logger: Logger): MediaService {
    return MediaService.onStorage(connection, new LocalDiskStorage(join(dataDir, "media")), limits, logger);
  }

  /** Checks and stores an upload; the same bytes again return the existing asset. */
  async upload(bytes: Buffer, options: { originalName?: string | null; renderInBackground?: boolean } = {}): Promise<UploadResult> {
    const inspected = await inspectUpload(bytes, this.limits);
    const existing = await this.assets.findOne({ _id: inspected.id });
    if (existing) return { asset: existing, created: false };
    // The file first, then the document: an asset is visible only once its original is complete.
    await this.storage.put(originalKey(inspected.id), bytes);
    const { id, ...facts } = inspected;
    const asset: MediaAssetDocument = {
      _id: id,
      ...facts,
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
    if (options.renderInBackground ?? true) this.renderAllInBackground(id);
    return { asset, created: true };
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
    if (!preset) throw new PimError("NOT_FOUND", `No preset ${name}; presets: ${[...this.presets.presets.keys()].join(", ")}`, [{ path: ["preset"], message: `preset ${name} does not exist` }]);
    return preset;
  }

  original(asset: MediaAssetDocument): StoredRendition {
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
    this.logger.debug({ asset: id, preset: preset.name, width: rendered.width, height: rendered.height, bytes: rendered.data.length, ms: Date.now() - started }, "rendition rendered");
    return { ...stored, bytes: rendered.data.length };
  }

  /** Every preset of a new asset, one after another so uploads never flood the CPU; failures are logged. Never in the uploading request's scope. */
  private renderAllInBackground(id: string): void {
    this.background = outsideRequest(() => this.background.then(async () => {
      for (const name of this.presets.presets.keys()) {
        if (this.stopped) return;
        await this.rendition(id, name).catch((error: unknown) => this.logger.warn({ asset: id, preset: name, err: error }, "background rendition failed"));
      }
    }));
  }

  /** Resolves once the background renditions queued so far are stored. */
  async idle(): Promise<void> {
    await this.background;
  }

  /** Stops taking background work and waits for the rendition being written. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.background;
    await Promise.allSettled(this.inFlight.values());
  }
}
