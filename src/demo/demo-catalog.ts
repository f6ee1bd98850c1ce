import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CatalogServices } from "../catalog/services.js";
import type { ProductInput, ValueEntry } from "../catalog/validation/product-validation.js";
import type { ProductModelInput } from "../catalog/products/save-product-model.js";
import { PimError } from "../errors.js";
import type { OfferUpdateReport, PriceUpdate, StockUpdate } from "../offers/offer-updates.js";
import type { StockPolicy } from "../offers/offer.js";
import type { Logger } from "../logger.js";
import { projectRoot } from "../project-root.js";
import type { MediaService } from "../media/media-service.js";

export const demoCatalogDir = join(projectRoot, "fixtures", "demo-catalog");
const demoActor = "demo-catalog";

interface FixtureValue extends ValueEntry {
  attribute: string;
}

interface FixtureProduct extends Omit<ProductInput, "values"> {
  values?: FixtureValue[];
}

interface FixtureModel extends Omit<ProductModelInput, "values"> {
  values?: FixtureValue[];
}

/** One product's prices and stock as offers.json lists them. */
interface FixtureOffer {
  sku: string;
  prices: Record<string, string>;
  stock: Record<string, number>;
  policy?: StockPolicy;
  availabilityDate?: string;
}

async function readFixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(demoCatalogDir, name), "utf8")) as T;
}

function groupValues(values: FixtureValue[] = []): Record<string, ValueEntry[]> {
  const grouped: Record<string, ValueEntry[]> = {};
  for (const { attribute, locale, channel, data } of values) (grouped[attribute] ??= []).push({ locale: locale ?? null, channel: channel ?? null, data });
  return grouped;
}

/** Locales are saved so that each fallback exists before the locale that points to it. */
function orderByFallback<T extends { code: string; fallback: string | null }>(locales: T[]): T[] {
  const ordered: T[] = [];
  const pending = [...locales];
  while (pending.length) {
    const next = pending.findIndex((l) => !l.fallback || ordered.some((o) => o.code === l.fallback));
    ordered.push(...pending.splice(next === -1 ? 0 : next, 1));
  }
  return ordered;
}

async function saveAll(items: unknown[], save: (item: unknown, actor: string) => Promise<unknown>): Promise<void> {
  for (const item of items) await save(item, demoActor);
}

export interface DemoLoadReport {
  products: { created: number; updated: number; unchanged: number; errors: number };
  models: number;
}

/**
 * Uploads every picture the fixtures name through the media pipeline, like an editor would, and puts the
 * asset ids where the fixtures have file names. Content addressing makes a reload find the same assets.
 */
async function withUploadedImages<T extends { values?: FixtureValue[] }>(items: T[], mediaAttributes: Set<string>, media: MediaService): Promise<T[]> {
  const assetIds = new Map<string, string>();
  const assetOf = async (file: string): Promise<string> => {
    let id = assetIds.get(file);
    if (!id) {
      const bytes = await readFile(join(demoCatalogDir, "images", file));
      // Renditions are made on first request: rendering every preset of every demo picture would only slow the start.
      id = (await media.upload(bytes, { originalName: file, renderInBackground: false })).asset._id;
      assetIds.set(file, id);
    }
    return id;
  };
  const result: T[] = [];
  for (const item of items) {
    const values: FixtureValue[] = [];
    for (const value of item.values ?? []) {
      values.push(
        mediaAttributes.has(value.attribute) && Array.isArray(value.data)
          ? { ...value, data: await Promise.all(value.data.map((file) => assetOf(String(file)))) }
          : value,
      );
    }
    result.push({ ...item, values });
  }
  return result;
}

/** Loads (or reloads) the demo catalog through the same validated write path as the API; idempotent. */
export async function loadDemoCatalog(catalog: CatalogServices, media: MediaService): Promise<DemoLoadReport> {
  const locales = await readFixture<Array<{ code: string; label: string; fallback: string | null }>>("locales.json");
  await saveAll(orderByFallback(locales), catalog.saveLocale);
  await saveAll(
    (await readFixture<string[]>("currencies.json")).map((code) => ({ code })),
    catalog.saveCurrency,
  );
  await saveAll(await readFixture("attribute-groups.json"), catalog.saveAttributeGroup);
  const attributes = await readFixture<Array<{ code: string; type: string }>>("attributes.json");
  await saveAll(attributes, catalog.saveAttribute);
  const mediaAttributes = new Set(attributes.filter((a) => a.type === "media").map((a) => a.code));
  await saveAll(await readFixture("categories.json"), catalog.saveCategory);
  await saveAll(await readFixture("channels.json"), catalog.saveChannel);
  await saveAll(await readFixture("families.json"), catalog.saveFamily);
  await saveAll(await readFixture("family-variants.json"), catalog.saveFamilyVariant);
  await saveAll(await readFixture("stock-locations.json"), catalog.saveStockLocation);
  await saveAll(await readFixture("economic-operators.json"), catalog.saveEconomicOperator);

  const models = await withUploadedImages(await readFixture<FixtureModel[]>("product-models.json"), mediaAttributes, media);
  const rootsFirst = [...models.filter((m) => !m.parent), ...models.filter((m) => m.parent)];
  for (const model of rootsFirst) {
    await catalog.saveProductModel({ ...model, values: groupValues(model.values) }, { actor: demoActor, mode: "upsert" });
  }

  const products = await withUploadedImages(await readFixture<FixtureProduct[]>("products.json"), mediaAttributes, media);
  const results = await catalog.saveProducts(
    products.map((p) => ({ ...p, values: groupValues(p.values) })),
    { mode: "upsert", actor: demoActor },
  );
  const failed = results.filter((r) => r.status === "error");
  if (failed.length) {
    throw new PimError(
      "INTERNAL_SERVER_ERROR",
      `demo catalog products were refused: ${failed.map((r) => `${r.sku}: ${r.errors.map((e) => e.message).join("; ")}`).join(" | ")}`,
    );
  }
  await loadOffers(catalog, await readFixture<FixtureOffer[]>("offers.json"));
  // After the offers: a promotion with an amount off is checked against the prices of what it targets.
  await saveAll(await readFixture("promotions.json"), catalog.savePromotion);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return { products: { created: count("created"), updated: count("updated"), unchanged: count("unchanged"), errors: failed.length }, models: models.length };
}

async function loadOffers(catalog: CatalogServices, offers: FixtureOffer[]): Promise<void> {
  const prices: PriceUpdate[] = offers.flatMap(({ sku, prices }) => Object.entries(prices).map(([currency, amount]) => ({ sku, currency, amount })));
  const stock: StockUpdate[] = offers.flatMap(({ sku, stock, policy, availabilityDate }) => [
    ...Object.entries(stock).map(([location, onHand]) => ({ sku, location, onHand })),
    ...(policy ? [{ sku, policy, availabilityDate: availabilityDate ?? null }] : []),
  ]);
  for (const report of [await catalog.setPrices(prices, demoActor), await catalog.setStock(stock, demoActor)]) assertApplied(report);
}

function assertApplied(report: OfferUpdateReport): void {
  const failed = report.results.filter((r) => r.status === "error");
  if (failed.length) {
    throw new PimError(
      "INTERNAL_SERVER_ERROR",
      `demo catalog offers were refused: ${failed.map((r) => `${r.sku}: ${r.errors.map((e) => e.message).join("; ")}`).join(" | ")}`,
    );
  }
}

/** True when the database was empty and now holds the demo. */
export async function loadDemoCatalogIfEmpty(catalog: CatalogServices, media: MediaService, logger: Logger): Promise<boolean> {
  if ((await catalog.read.estimatedCounts()).products > 0) return false;
  const started = Date.now();
  const report = await loadDemoCatalog(catalog, media);
  logger.info({ ...report, ms: Date.now() - started }, "demo catalog loaded into the empty database");
  return true;
}
