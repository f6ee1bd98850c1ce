import type { Connection } from "mongoose";
import type { BackgroundJobs } from "../jobs/background-jobs.js";
import type { Logger } from "../logger.js";
import type { MediaAssetDocument } from "./asset-store.js";
import type { MediaService } from "./media-service.js";
import type { PixelRegion } from "./presets.js";
import { productRegion } from "./render.js";

/** Measures where the product sits in each asset stored before uploads measured it. */
const productRegionsJob = "media.product-regions";
/** Each asset costs a decode of its original; a run stopped at the limit is retried and goes on where it stopped. */
const timeLimitMs = 30 * 60_000;
const leaseMs = 60_000;
const upgrade = "product-regions";

type Unmeasured = Pick<MediaAssetDocument, "_id" | "width" | "height" | "mimeType" | "bytes">;

/**
 * Until an asset has a product region, a channel judges its framed main image (Amazon's) by the whole
 * original, so a small product in a large photo passes as large. This job gives every older asset the
 * region an upload measures today. Remembering that the job finished spares later starts a scan of
 * every asset; a process stopped half-way leaves the job to be taken over, and its run only reads the
 * assets still without a region. One process measures at a time, under a lease: a process starting
 * during a run asks for the job again, and the CPU of decoding every original twice is not worth it.
 */
export function measureOldProductRegions(media: MediaService, connection: Connection, jobs: BackgroundJobs, logger: Logger) {
  const upgrades = connection.collection<{ _id: string; at: Date }>("media_upgrades");
  jobs.work(productRegionsJob, { concurrency: 1, leaseMs, timeLimitMs }, async (_data, signal) => {
    const done = await jobs.leases.holding(productRegionsJob, leaseMs, () => measureAll(signal));
    if (done === null) throw new Error("another process is measuring the assets' product regions; this run waits for its turn");
  });

  async function measureAll(signal: AbortSignal): Promise<void> {
    const unmeasured = media.assets.find({ productRegion: { $exists: false } }, { projection: { _id: 1, width: 1, height: 1, mimeType: 1, bytes: 1 } });
    let measured = 0;
    for await (const asset of unmeasured as AsyncIterable<Unmeasured>) {
      if (signal.aborted) return;
      await media.assets.updateOne({ _id: asset._id, productRegion: { $exists: false } }, { $set: { productRegion: await regionOf(asset) } });
      measured += 1;
    }
    await upgrades.updateOne({ _id: upgrade }, { $setOnInsert: { at: new Date() } }, { upsert: true });
    if (measured) logger.info({ assets: measured }, "measured the product region of assets stored before uploads measured it");
  }

  /**
   * The region of the product on a white background; the whole image, as a channel assumed before, when
   * the original is gone or cannot be decoded, so the job does not try it again at every start. A storage
   * that fails to answer throws instead: the run fails and is retried, rather than record a guess.
   */
  async function regionOf(asset: Unmeasured): Promise<PixelRegion> {
    const whole = { left: 0, top: 0, width: asset.width, height: asset.height };
    const original = await media.storage.get(media.original(asset).key);
    if (!original) {
      logger.warn({ asset: asset._id }, "the original of an asset is missing from storage; its product region is taken as the whole image");
      return whole;
    }
    try {
      return await productRegion(original, "#ffffff", media.limits);
    } catch (error) {
      logger.warn({ asset: asset._id, err: error }, "an asset's original could not be decoded; its product region is taken as the whole image");
      return whole;
    }
  }

  return {
    async requestOnce(): Promise<void> {
      if (!(await upgrades.findOne({ _id: upgrade }))) await jobs.runWithin(productRegionsJob, {}, 0);
    },
  };
}
