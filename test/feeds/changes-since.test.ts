import { setTimeout as sleep } from "node:timers/promises";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredProduct, StoredProductModel } from "../../src/catalog/products/product-document.js";
import { toValueEntries } from "../../src/catalog/values/raw-values.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import { defaultSettleMs, writeChangesSince, type Change, type ChangesReport } from "../../src/feeds/changes-since.js";
import type { MobileItem } from "../../channel-exporters/mobile-app/map.js";
import { startDemoCatalog, type DemoCatalog } from "../helpers/demo-feeds.js";

interface ChangesDocument {
  channel: string;
  since: string;
  nextSince: string;
  changes: Change[];
}

describe("mobile app change feed with tombstones", () => {
  let demo: DemoCatalog;

  beforeAll(async () => {
    demo = await startDemoCatalog("mobile-delta");
  });
  afterAll(() => demo?.stop());

  async function changesSince(since: Date, settleMs?: number): Promise<{ document: ChangesDocument; report: ChangesReport }> {
    const run = await ExportRun.prepare("mobile", demo.catalog);
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const report = await writeChangesSince(run, demo.catalog.models, since, sink, settleMs === undefined ? {} : { settleMs });
    return { document: JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChangesDocument, report };
  }
  const upserts = (document: ChangesDocument) => document.changes.filter((c): c is Extract<Change, { op: "upsert" }> => c.op === "upsert");
  const deletes = (document: ChangesDocument) => document.changes.filter((c): c is Extract<Change, { op: "delete" }> => c.op === "delete");
  /** Writes stamped within the same millisecond as `since` would not count as after it. */
  const mark = async () => {
    const at = new Date();
    await sleep(5);
    return at;
  };

  it("from the epoch sends every product, and the disabled ones as tombstones", async () => {
    const { document, report } = await changesSince(new Date(0), 0);
    expect(document.channel).toBe("mobile");
    expect(upserts(document)).toHaveLength(57);
    expect(deletes(document).map((d) => [d.id, d.reason]).sort()).toEqual([
      ["HCO-KETTLE-GOOSE-BLK", "disabled"],
      ["PKL-ARCTIC-GRN-XXL", "disabled"],
      ["VOL-PB-10K", "disabled"],
    ]);
    expect(report).toMatchObject({ productsRead: 60, upserts: 57, deletes: 3 });
    expect(new Date(document.nextSince).getTime()).toBe(report.nextSince.getTime());

    const { document: after } = await changesSince(report.nextSince, 0);
    expect(after.changes).toEqual([]);
  });

  it("keeps nextSince behind the read by the settle window, never before since", async () => {
    const since = new Date(Date.now() - 10 * 60_000);
    const before = Date.now();
    const { report } = await changesSince(since);
    expect(report.nextSince.getTime()).toBeGreaterThanOrEqual(before - defaultSettleMs);
    expect(report.nextSince.getTime()).toBeLessThanOrEqual(Date.now() - defaultSettleMs);
    const { report: recent } = await changesSince(new Date());
    expect(recent.nextSince.getTime()).toBe(recent.since.getTime());
  });

  it("reports a deleted and a disabled product as tombstones, and re-sends the deleted variant's siblings", async () => {
    const since = await mark();
    await demo.catalog.deleteProduct("VOL-X5-CASE-CLR", undefined, "test");
    await demo.catalog.deleteProduct("NV-CREW-WHT-XL", undefined, "test");
    await demo.catalog.updateProduct("HCO-KETTLE-17-STL", { enabled: false }, undefined, "test");

    const { document } = await changesSince(since);
    expect(deletes(document).map((d) => [d.id, d.reason]).sort()).toEqual([
      ["HCO-KETTLE-17-STL", "disabled"],
      ["NV-CREW-WHT-XL", "deleted"],
      ["VOL-X5-CASE-CLR", "deleted"],
    ]);
    const stored = await demo.catalog.models.productTombstones.findById("VOL-X5-CASE-CLR").lean();
    expect(deletes(document).find((d) => d.id === "VOL-X5-CASE-CLR")?.at).toBe(stored?.deletedAt.toISOString());

    const crew = (await demo.catalog.models.products.find({ parent: { $in: ["tshirt_nordvik_crew_navy", "tshirt_nordvik_crew_white", "tshirt_nordvik_crew_black"] } }, { _id: 1 }).lean()).map((p) => p._id).sort();
    expect(crew).toHaveLength(10);
    expect(upserts(document).map((u) => u.id).sort()).toEqual(crew);
    for (const upsert of upserts(document)) expect((upsert.item as MobileItem).variants?.matrix.map((m) => m.id).sort()).toEqual(crew);
  });

  it("re-sends every variant below a product model edited since", async () => {
    const since = await mark();
    const root = (await demo.catalog.models.productModels.findById("dress_baltica_linen_midi").lean()) as unknown as StoredProductModel;
    const values = structuredClone(root.values);
    const names = values.name as Record<string, Record<string, string>>;
    for (const scope of Object.values(names)) scope.en_US = "Baltica Linen Wrap Dress";
    await demo.catalog.saveProductModel({ code: root.code, familyVariant: root.familyVariant, parent: null, categories: root.categories, values: toValueEntries(values), associations: root.associations }, { actor: "test", mode: "update" });

    const { document } = await changesSince(since);
    const dresses = (await demo.catalog.models.products.find({ parent: { $in: ["dress_baltica_linen_midi_blue", "dress_baltica_linen_midi_red"] } }, { _id: 1 }).lean()).map((p) => p._id).sort();
    expect(dresses).toHaveLength(7);
    expect(upserts(document).map((u) => u.id).sort()).toEqual(dresses);
    for (const upsert of upserts(document)) expect((upsert.item as MobileItem).title).toEqual({ "en-US": "Baltica Linen Wrap Dress" });
    expect(deletes(document)).toEqual([]);
  });

  it("drops the tombstone of a SKU that is created again", async () => {
    const since = await mark();
    const original = (await demo.catalog.models.products.findById("CLM-VASE-GLASS-30").lean()) as unknown as StoredProduct;
    await demo.catalog.deleteProduct(original.sku, undefined, "test");
    expect(await demo.catalog.models.productTombstones.findById(original.sku).lean()).not.toBeNull();
    const { document: deleted } = await changesSince(since);
    expect(deletes(deleted)).toEqual([expect.objectContaining({ id: original.sku, reason: "deleted" })]);

    const [created] = await demo.catalog.saveProducts(
      [{ sku: original.sku, family: original.family, parent: original.parent, categories: original.categories, enabled: true, values: toValueEntries(original.values), associations: original.associations }],
      { mode: "create", actor: "test" },
    );
    expect(created?.status).toBe("created");
    expect(await demo.catalog.models.productTombstones.findById(original.sku).lean()).toBeNull();
    const { document } = await changesSince(since);
    expect(document.changes.map((c) => [c.op, c.id])).toEqual([["upsert", original.sku]]);
  });
});
