import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredProduct, StoredProductModel } from "../../src/catalog/products/product-document.js";
import { toValueEntries } from "../../src/catalog/values/raw-values.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import { writeChangesSince, type Change, type ChangesReport } from "../../src/feeds/changes-since.js";
import type { MobileItem } from "../../channel-exporters/mobile-app/map.js";
import { startDemoCatalog, type DemoCatalog } from "../helpers/demo-feeds.js";
import { storedCatalog } from "../helpers/stored-catalog.js";

interface ChangesDocument {
  channel: string;
  since: number;
  nextSince: number;
  resync: boolean;
  more: boolean;
  changes: Change[];
}

describe("mobile app delta pulls by change sequence", () => {
  let demo: DemoCatalog;

  beforeAll(async () => {
    demo = await startDemoCatalog("mobile-delta");
  });
  afterAll(() => demo?.stop());

  async function changesSince(since: number): Promise<{ document: ChangesDocument; report: ChangesReport }> {
    await demo.catalog.changeLog.settled();
    const run = await ExportRun.prepare("mobile", demo.catalog);
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const report = await writeChangesSince(run, demo.catalog.read, demo.catalog.changeLog, since, sink);
    return { document: JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChangesDocument, report };
  }
  const upserts = (document: ChangesDocument) => document.changes.filter((c): c is Extract<Change, { op: "upsert" }> => c.op === "upsert");
  const deletes = (document: ChangesDocument) => document.changes.filter((c): c is Extract<Change, { op: "delete" }> => c.op === "delete");
  /** The sequence a client that is fully up to date would hold. */
  const current = async () => {
    await demo.catalog.changeLog.settled();
    return demo.catalog.changeLog.safeSequence();
  };

  it("answers nothing, and the same cursor, when nothing changed", async () => {
    const since = await current();
    const { document } = await changesSince(since);
    expect(document).toMatchObject({ channel: "mobile", since, nextSince: since, resync: false, more: false, changes: [] });
  });

  it("sends nothing for a change the catalog refused", async () => {
    const since = await current();
    await expect(demo.catalog.saveLocale({ code: "fr_FR", label: "Français", fallback: "xx_XX" }, "test")).rejects.toThrow(/fallback/);
    await expect(demo.catalog.deleteProduct("NO-SUCH-SKU", undefined, { actor: "test" })).rejects.toThrow();
    expect((await changesSince(since)).document).toMatchObject({ resync: false, changes: [], nextSince: since });
  });

  it("asks for a full pull after reference data changed, from a cursor in the future, or one older than the kept events", async () => {
    const since = await current();
    await demo.catalog.saveLocale({ code: "de_DE", label: "Deutsch", fallback: "en_US" }, "test");
    const { document } = await changesSince(since);
    expect(document).toMatchObject({ resync: true, changes: [] });
    expect(document.nextSince).toBe(await current());

    expect((await changesSince((await current()) + 1000)).document.resync).toBe(true);

    await demo.catalog.changeLog.prune(new Date(Date.now() + 1000));
    expect((await changesSince(since)).document.resync).toBe(true);
    expect((await changesSince(await current())).document).toMatchObject({ resync: false, changes: [] });
  });

  it("reports a deleted and a disabled product as tombstones, and re-sends the deleted variant's siblings", async () => {
    const since = await current();
    await demo.catalog.deleteProduct("VOL-X5-CASE-CLR", undefined, { actor: "test" });
    await demo.catalog.deleteProduct("NV-CREW-WHT-XL", undefined, { actor: "test" });
    await demo.catalog.updateProduct("HCO-KETTLE-17-STL", { enabled: false }, undefined, { actor: "test" });

    const { document, report } = await changesSince(since);
    expect(
      deletes(document)
        .map((d) => [d.id, d.reason])
        .sort(),
    ).toEqual([
      ["HCO-KETTLE-17-STL", "disabled"],
      ["NV-CREW-WHT-XL", "deleted"],
      ["VOL-X5-CASE-CLR", "deleted"],
    ]);
    const crew = (
      await storedCatalog(demo.catalog)
        .products.find({ parent: { $in: ["tshirt_nordvik_crew_navy", "tshirt_nordvik_crew_white", "tshirt_nordvik_crew_black"] } }, { _id: 1 })
        .lean()
    )
      .map((p) => p._id)
      .sort();
    expect(crew).toHaveLength(10);
    expect(
      upserts(document)
        .map((u) => u.id)
        .sort(),
    ).toEqual(crew);
    for (const upsert of upserts(document)) expect((upsert.item as MobileItem).variants?.matrix.map((m) => m.id).sort()).toEqual(crew);
    expect(document.nextSince).toBe(await current());
    expect(report.nextSince).toBe(document.nextSince);

    expect((await changesSince(document.nextSince)).document.changes).toEqual([]);
  });

  it("re-sends every variant below a product model edited since", async () => {
    const since = await current();
    const root = (await storedCatalog(demo.catalog).productModels.findById("dress_baltica_linen_midi").lean()) as unknown as StoredProductModel;
    const values = structuredClone(root.values);
    const names = values.name as Record<string, Record<string, string>>;
    for (const scope of Object.values(names)) scope.en_US = "Baltica Linen Wrap Dress";
    await demo.catalog.saveProductModel(
      {
        code: root.code,
        familyVariant: root.familyVariant,
        parent: null,
        categories: root.categories,
        values: toValueEntries(values),
        associations: root.associations,
      },
      { actor: "test", mode: "update" },
    );

    const { document } = await changesSince(since);
    const dresses = (
      await storedCatalog(demo.catalog)
        .products.find({ parent: { $in: ["dress_baltica_linen_midi_blue", "dress_baltica_linen_midi_red"] } }, { _id: 1 })
        .lean()
    )
      .map((p) => p._id)
      .sort();
    expect(dresses).toHaveLength(7);
    expect(
      upserts(document)
        .map((u) => u.id)
        .sort(),
    ).toEqual(dresses);
    // Only the English name was edited: the Polish one stays.
    for (const upsert of upserts(document))
      expect((upsert.item as MobileItem).title).toEqual({ "en-US": "Baltica Linen Wrap Dress", "pl-PL": "Lniana sukienka kopertowa midi Baltica Linen" });
    expect(deletes(document)).toEqual([]);
  });

  it("sends a product whose stock ran out, with its new availability and its group", async () => {
    const since = await current();
    const sold = await storedCatalog(demo.catalog).products.findById("NV-CREW-NAVY-S").lean<StoredProduct & { offer?: { stock?: Record<string, number> } }>();
    const locations = Object.keys(sold?.offer?.stock ?? {});
    expect(locations.length).toBeGreaterThan(0);
    const report = await demo.catalog.setStock(
      locations.map((location) => ({ sku: "NV-CREW-NAVY-S", location, onHand: 0 })),
      "test",
    );
    expect(report.failed).toBe(0);

    const { document } = await changesSince(since);
    const item = upserts(document).find((u) => u.id === "NV-CREW-NAVY-S")?.item as MobileItem;
    expect(item.availability).toBe("OutOfStock");
    expect(upserts(document).length).toBeGreaterThan(1);
  });

  it("re-sends the products a promotion targets when it is saved, and again when it is deleted", async () => {
    const saved = await current();
    await demo.catalog.savePromotion(
      {
        code: "mug-week",
        name: "Mug week",
        discount: { type: "percent", percent: "10" },
        target: { skus: ["GLK-MUG-350-WHT"] },
        startsAt: "2026-01-01T00:00:00Z",
        endsAt: "2030-01-01T00:00:00Z",
      },
      "test",
    );
    expect(upserts((await changesSince(saved)).document).map((u) => u.id)).toEqual(["GLK-MUG-350-WHT"]);

    const deleted = await current();
    await demo.catalog.deleteReferenceEntity("promotion", "mug-week", "test");
    expect(upserts((await changesSince(deleted)).document).map((u) => u.id)).toEqual(["GLK-MUG-350-WHT"]);
  });

  it("covers variants through their models' categories alike in the fixed-discount check, the API's price and the delta", async () => {
    const saved = await demo.catalog.saveProductModel(
      { code: "tshirt_nordvik_crew_white", categories: ["tshirts", "summer_sale", "winter_collection"] },
      { actor: "test", mode: "update", writeMode: "merge" },
    );
    expect(saved.status).toBe("updated");
    const promotion = (amount: string) => ({
      code: "winter-fixed",
      name: "Winter",
      discount: { type: "amount", amounts: [{ currency: "EUR", amount }] },
      target: { categories: ["winter_collection"] },
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: "2030-01-01T00:00:00Z",
    });
    // The white variants are in winter_collection only through their model: the check still sees their 19.99 EUR.
    await expect(demo.catalog.savePromotion(promotion("100000"), "test")).rejects.toThrow(/100000 EUR is not below the price of NV-CREW-WHT-/);

    const since = await current();
    await demo.catalog.savePromotion(promotion("5"), "test");
    const changed = upserts((await changesSince(since)).document);
    const white = changed.filter((change) => change.id.startsWith("NV-CREW-WHT-"));
    expect(white.length).toBeGreaterThan(1);
    for (const change of white) expect((change.item as MobileItem).salePrice, change.id).toMatchObject({ amount: "14.99" });
    await demo.catalog.deleteReferenceEntity("promotion", "winter-fixed", "test");
  });

  it("drops the tombstone of a SKU that is created again", async () => {
    const since = await current();
    const original = (await storedCatalog(demo.catalog).products.findById("CLM-VASE-GLASS-30").lean()) as unknown as StoredProduct;
    await demo.catalog.deleteProduct(original.sku, undefined, { actor: "test" });
    const { document: deleted } = await changesSince(since);
    expect(deletes(deleted)).toEqual([expect.objectContaining({ id: original.sku, reason: "deleted" })]);

    const [created] = await demo.catalog.saveProducts(
      [
        {
          sku: original.sku,
          family: original.family,
          parent: original.parent,
          categories: original.categories,
          enabled: true,
          values: toValueEntries(original.values),
          associations: original.associations,
        },
      ],
      { mode: "create", actor: "test" },
    );
    expect(created?.status).toBe("created");
    // A product created again starts without prices, and the app refuses an item without one.
    const prices = Object.entries((original as StoredProduct & { offer: { prices: Record<string, string> } }).offer.prices);
    expect(
      (
        await demo.catalog.setPrices(
          prices.map(([currency, amount]) => ({ sku: original.sku, currency, amount })),
          "test",
        )
      ).failed,
    ).toBe(0);
    const { document } = await changesSince(since);
    expect(document.changes.map((c) => [c.op, c.id])).toEqual([["upsert", original.sku]]);
  });
});
