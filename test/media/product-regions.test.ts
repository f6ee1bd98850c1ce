import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { MediaAssetDocument } from "../../src/media/asset-store.js";
import { startService, type RunningService } from "../../src/server.js";
import { eventually } from "../helpers/eventually.js";
import { testDatabaseUri } from "../helpers/test-database.js";
import { copyDemoTemplate, testConfig } from "../helpers/test-service.js";

const uri = testDatabaseUri("product-regions");
let dataDir = "";
let adminKey = "";
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function withService(check: (service: RunningService) => Promise<void>): Promise<void> {
  const service = await startService(testConfig(uri, dataDir), pino({ level: "silent" }), { monitorCommands: false });
  adminKey ||= service.initialAdminKey ?? "";
  try {
    await check(service);
  } finally {
    await service.stop();
  }
}

/** The size the API says an asset's Amazon main image comes out at; null while it cannot tell. */
async function amazonMainSize(service: RunningService, id: string): Promise<{ width: number | null; height: number | null } | undefined> {
  const response = await fetch(`${service.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ query: `query ($id: ID!) { mediaAsset(id: $id) { renditions { preset width height } } }`, variables: { id } }),
  });
  const { data } = (await response.json()) as { data: { mediaAsset: { renditions: Array<{ preset: string; width: number | null; height: number | null }> } } };
  const rendition = data.mediaAsset.renditions.find((r) => r.preset === "amazon_main");
  return rendition && { width: rendition.width, height: rendition.height };
}

const regions = (assets: MediaAssetDocument[]) => new Map(assets.map((asset) => [asset._id, asset.productRegion]));

describe("assets stored before uploads measured where the product sits", () => {
  it("get the region an upload measures from a job their first start asks for, once per database", { timeout: 120_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), "pim-regions-"));
    await copyDemoTemplate(uri, dataDir);
    let measuredAtUpload = new Map<string, unknown>();
    let unreadable = "";
    let sized = "";
    let sizeAtUpload: Awaited<ReturnType<typeof amazonMainSize>>;
    await withService(async (service) => {
      const assets = await service.media.assets.find().sort({ _id: 1 }).toArray();
      expect(assets.length).toBeGreaterThan(2);
      measuredAtUpload = regions(assets);
      [sized, unreadable] = [assets[0]?._id as string, assets[1]?._id as string];
      sizeAtUpload = await amazonMainSize(service, sized);
      expect(sizeAtUpload?.width).toBeGreaterThan(0);
      // This start's own check (nothing to measure) is done before the database is made to look older.
      await eventually("the first check is recorded", async () =>
        (await service.connection.collection("media_upgrades").countDocuments()) === 1 ? true : undefined,
      );
      // As an older database looks: no regions, and no record that they were measured.
      await service.media.assets.updateMany({}, { $unset: { productRegion: "" } });
      await service.connection.collection("media_upgrades").deleteMany({});
      expect(await amazonMainSize(service, sized)).toEqual({ width: null, height: null });
      await service.media.storage.delete(service.media.original({ _id: unreadable, mimeType: "", bytes: 0 }).key);
    });

    await withService(async (service) => {
      await eventually(
        "every asset has its product region",
        async () => ((await service.media.assets.countDocuments({ productRegion: { $exists: false } })) === 0 ? true : undefined),
        60_000,
        200,
      );
      const assets = await service.media.assets.find().toArray();
      const missingOriginal = assets.find((asset) => asset._id === unreadable) as MediaAssetDocument;
      // Measured as an upload measures it; the one whose original is gone is judged by the whole image, as before.
      expect(regions(assets)).toEqual(
        new Map([...measuredAtUpload, [unreadable, { left: 0, top: 0, width: missingOriginal.width, height: missingOriginal.height }]]),
      );
      expect(await amazonMainSize(service, sized)).toEqual(sizeAtUpload);
      await eventually("the upgrade is recorded", async () =>
        (await service.connection.collection("media_upgrades").countDocuments()) === 1 ? true : undefined,
      );
      await service.media.assets.updateMany({}, { $unset: { productRegion: "" } });
      // With its job gone, a start that asked for the job again would show by storing a new one.
      const jobs = service.connection.collection("background_jobs");
      await eventually("the job's run is over", async () => ((await jobs.findOne({ name: "media.product-regions", lockedAt: null })) ? true : undefined));
      await jobs.deleteMany({ name: "media.product-regions" });
    });

    // Recorded once: a later start does not ask for the job again.
    await withService(async (service) => {
      expect(await service.connection.collection("background_jobs").findOne({ name: "media.product-regions" })).toBeNull();
    });
    await withService(({ connection }) => connection.dropDatabase().then(() => undefined));
  });
});
