import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { StoredOffer } from "../../src/offers/offer.js";
import { join } from "node:path";
import type { CatalogServices } from "../../src/catalog/services.js";
import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../../src/catalog/models.js";
import type { StoredProduct, StoredProductModel } from "../../src/catalog/products/product-document.js";
import { demoCatalogDir } from "../../src/demo/demo-catalog.js";

/**
 * A feed-sized catalog: the demo's reference data (attributes, categories, families, economic
 * operators and every channel with its export settings) saved through the catalog services, and products generated
 * straight in their stored shape, because going through the write path would take hours at 1M.
 */

const actor = "bench-feeds";
/** One level of variants by size under a root model, so the reader resolves parents as it would in a shop. */
export const variantFamily = "bench_clothing_size";
const sizes = ["xs", "s", "m", "l", "xl"];
const colors = ["black", "white", "grey", "navy", "blue", "green", "red", "beige"];
const materials = ["cotton", "organic_cotton", "polyester", "elastane", "wool", "linen", "steel", "aluminium", "glass", "plastic", "wood", "ceramic"];
const genders = ["men", "women", "unisex", "kids"];
const seasons = ["spring_summer", "autumn_winter", "all_season"];
const families = ["clothing", "electronics", "home"] as const;
const leafCategories: Record<(typeof families)[number], string[]> = {
  clothing: ["tshirts", "jackets", "dresses", "tshirts_women"],
  electronics: ["phones", "laptops", "audio"],
  home: ["kitchen", "decor"],
};
const nouns: Record<(typeof families)[number], string[]> = {
  clothing: ["Crew Neck T-shirt", "Rain Jacket", "Linen Dress", "Hooded Sweatshirt"],
  electronics: ["Wireless Earbuds", "Power Bank 10,000 mAh", "Smartphone Case", "USB-C Charger 65 W"],
  home: ["Stoneware Mug", "Bamboo Cutting Board", "Wool Throw Blanket", "Gooseneck Kettle"],
};
const adjectives = ["Essential", "Classic", "Pro", "Everyday", "Compact", "Premium", "Outdoor", "Studio"];
/** Every channel with a feed reads a description of its own (the demo's are scopable), so every product carries one per channel. */
const descriptionChannels = (JSON.parse(readFileSync(join(demoCatalogDir, "channels.json"), "utf8")) as Array<{ code: string; export?: unknown }>)
  .filter((channel) => channel.export)
  .map((channel) => channel.code);
const completenessChannels: Array<[string, string[]]> = [
  ["allegro", ["pl_PL"]],
  ["amazon", ["en_US"]],
  ["ecommerce", ["en_US", "pl_PL", "ru_RU"]],
  ["google_shopping", ["en_US"]],
  ["meta_shops", ["en_US"]],
  ["mobile", ["en_US", "pl_PL"]],
  ["yandex_market", ["ru_RU"]],
];
/** Products come in blocks of 100; the first 10 of each are variants of two root models (5 sizes each). */
const blockSize = 100;
const variantsPerModel = 5;
const variantsPerBlock = 10;

async function fixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(demoCatalogDir, name), "utf8")) as T;
}

/** Saves the demo's reference data and the benchmark's family variant through the catalog services. */
export async function saveReferenceData(catalog: CatalogServices): Promise<void> {
  const steps: Array<[string, (input: unknown, actor: string) => Promise<unknown>]> = [
    ["locales.json", catalog.saveLocale],
    ["attribute-groups.json", catalog.saveAttributeGroup],
    ["attributes.json", catalog.saveAttribute],
    ["categories.json", catalog.saveCategory],
    ["economic-operators.json", catalog.saveEconomicOperator],
    ["channels.json", catalog.saveChannel],
    ["families.json", catalog.saveFamily],
    ["stock-locations.json", catalog.saveStockLocation],
  ];
  for (const code of await fixture<string[]>("currencies.json")) await catalog.saveCurrency({ code }, actor);
  for (const [file, save] of steps) {
    for (const item of await fixture<unknown[]>(file)) await save(item, actor);
  }
  await catalog.saveFamilyVariant(
    { code: variantFamily, family: "clothing", labels: { en_US: "Clothing by size" }, levels: [{ axes: ["size"], attributes: ["sku", "ean", "weight"] }] },
    actor,
  );
}

function gtin13(n: number): string {
  const body = `590${String(n).padStart(9, "0")}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const global = (data: unknown) => ({ [ALL_CHANNELS]: { [ALL_LOCALES]: data } });
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

function skuOf(n: number): string {
  return `BF-${String(n).padStart(8, "0")}`;
}

function modelCodeOf(n: number): string {
  return `bf_model_${String(Math.floor(n / blockSize) * 2 + Math.floor((n % blockSize) / variantsPerModel)).padStart(7, "0")}`;
}

function isVariant(n: number): boolean {
  return n % blockSize < variantsPerBlock;
}

function familyOf(n: number): (typeof families)[number] {
  return isVariant(n) ? "clothing" : pick(families, n);
}

function description(name: string, n: number, channel: string): string {
  const points = ["Machine washable at 30 °C", "Made in the EU & shipped plastic-free", "Two-year warranty", "Fits true to size", "Recycled packaging"];
  if (n % 7 === 0)
    return `${name}: a plain-text description without markup, ${channel === "ecommerce" ? "for the store" : "for marketplaces"}. Quality you can feel every day.`;
  return (
    `<p><strong>${name}</strong></p><p>Designed for everyday use, the ${name.toLowerCase()} combines durable materials with a clean look. ` +
    `It is easy to care for &amp; keeps its shape after many uses.</p>` +
    `<ul>${[0, 1, 2].map((i) => `<li>${pick(points, n + i)}</li>`).join("")}</ul>`
  );
}

/** The values a product (or a root model) shows to customers: names, copy, brand, price, images, link. */
function sharedValues(n: number, name: string, family: (typeof families)[number], brands: BrandOptions): RawValues {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${n}`;
  return {
    name: { [ALL_CHANNELS]: { en_US: name, pl_PL: `${name} (PL)`, ru_RU: `${name} (RU)` } },
    description: Object.fromEntries(descriptionChannels.map((channel) => [channel, { en_US: description(name, n, channel) }])),
    short_description: Object.fromEntries(
      descriptionChannels.map((channel) => [channel, { en_US: `${name}, ${pick(adjectives, n + 3).toLowerCase()} quality for every day.` }]),
    ),
    brand: global(pick(brands.codes, n)),
    ...operatorValues(pick(brands.codes, n), brands),
    safety_information: {
      [ALL_CHANNELS]: { en_US: "Keep away from heat and water. Read the instructions before first use; keep small parts away from children." },
    },
    mpn: global(`MPN-${n}`),
    condition: global(n % 40 === 7 ? "refurbished" : "new"),
    color: global(pick(colors, n)),
    material: global(n % 3 === 0 ? [pick(materials, n), pick(materials, n + 5)] : [pick(materials, n)]),
    images: global(n % 4 === 0 ? [`${slug}-1.jpg`, `${slug}-2.jpg`, `${slug}-3.jpg`] : [`${slug}-1.jpg`]),
    product_url: {
      [ALL_CHANNELS]: {
        en_US: `https://shop.example.com/en/p/${slug}`,
        pl_PL: `https://shop.example.com/pl/p/${slug}`,
        ru_RU: `https://shop.example.com/ru/p/${slug}`,
      },
    },
    ...(family === "clothing" ? { gender: global(pick(genders, n)), season: global(pick(seasons, n)) } : {}),
    ...(family === "electronics" ? { warranty_months: global(24) } : {}),
    release_date: global(`2025-${String((n % 12) + 1).padStart(2, "0")}-15`),
  };
}

function ownValues(n: number): RawValues {
  return {
    ean: global(gtin13(n)),
    weight: global({ amount: `${((n % 2000) + 50) / 1000}`, unit: "KILOGRAM" }),
    // Package dimensions, which Ozon and Wildberries require.
    width: global({ amount: `${(n % 40) + 10}`, unit: "CENTIMETER" }),
    height: global({ amount: `${(n % 25) + 2}`, unit: "CENTIMETER" }),
    depth: global({ amount: `${(n % 30) + 5}`, unit: "CENTIMETER" }),
    ...(isVariant(n) || familyOf(n) === "clothing" ? { size: global(pick(sizes, n)) } : {}),
  };
}

function bookkeeping(createdAt: Date) {
  return {
    associations: {},
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
}

function completeness(): Pick<StoredProduct, "completeness" | "completenessIndex"> {
  const index: Record<string, Record<string, number>> = {};
  const list = completenessChannels.flatMap(([channel, locales]) =>
    locales.map((locale) => {
      (index[channel] ??= {})[locale] = 100;
      return { channel, locale, required: 10, missing: [], ratio: 100 };
    }),
  );
  return { completeness: list, completenessIndex: index };
}

function nameOf(n: number, brands: string[], brandLabels: Map<string, string>): string {
  const family = familyOf(n);
  return `${brandLabels.get(pick(brands, n)) ?? "Brand"} ${pick(adjectives, n >> 2)} ${pick(nouns[family], n >> 4)} ${n}`;
}

export interface BrandOptions {
  codes: string[];
  labels: Map<string, string>;
  /** The GPSR economic operators the demo's products of each brand name. */
  operators: Map<string, { manufacturer?: string; responsible_person?: string }>;
}

export async function demoBrands(): Promise<BrandOptions> {
  const attributes = await fixture<Array<{ code: string; options?: Array<{ code: string; labels: Record<string, string> }> }>>("attributes.json");
  const options = attributes.find((a) => a.code === "brand")?.options ?? [];
  const operators = new Map<string, { manufacturer?: string; responsible_person?: string }>();
  for (const file of ["products.json", "product-models.json"]) {
    for (const { values } of await fixture<Array<{ values: Array<{ attribute: string; data: unknown }> }>>(file)) {
      const dataOf = (attribute: string) => values.find((v) => v.attribute === attribute)?.data as string | undefined;
      const brand = dataOf("brand");
      if (brand) operators.set(brand, { manufacturer: dataOf("manufacturer"), responsible_person: dataOf("responsible_person") });
    }
  }
  return { codes: options.map((o) => o.code), labels: new Map(options.map((o) => [o.code, o.labels.en_US ?? o.code])), operators };
}

function operatorValues(brand: string, brands: BrandOptions): RawValues {
  const operators = brands.operators.get(brand) ?? {};
  return Object.fromEntries(Object.entries(operators).flatMap(([attribute, code]) => (code ? [[attribute, global(code)]] : [])));
}

/** Products n in [start, end) and the root models whose first variant falls in that range, as stored. */
/** Prices in the demo's four currencies and stock in its main warehouse; every 13th product sold out. */
function offerOf(n: number): StoredOffer {
  const usd = (n % 480) + 9;
  return {
    prices: { USD: `${usd}.99`, EUR: `${usd - 1}.49`, PLN: `${usd * 4}.99`, RUB: `${usd * 90}.00` },
    stock: { main_warehouse: n % 13 === 0 ? 0 : (n % 40) + 1 },
    policy: "none",
    availabilityDate: null,
    updatedAt: null,
  };
}

export function storedBatch(start: number, end: number, brands: BrandOptions, createdAt: Date): { products: StoredProduct[]; models: StoredProductModel[] } {
  const products: StoredProduct[] = [];
  const models: StoredProductModel[] = [];
  for (let n = start; n < end; n++) {
    const family = familyOf(n);
    const sku = skuOf(n);
    const variant = isVariant(n);
    const modelCode = variant ? modelCodeOf(n) : null;
    const name = nameOf(n, brands.codes, brands.labels);
    if (variant && n % variantsPerModel === 0) {
      const category = pick(leafCategories.clothing, n);
      models.push({
        _id: modelCode as string,
        code: modelCode as string,
        family,
        familyVariant: variantFamily,
        parent: null,
        categories: [category],
        values: sharedValues(n, name.replace(/ \d+$/, ""), family, brands),
        axisKey: null,
        claims: [],
        ...bookkeeping(createdAt),
      });
    }
    const size = pick(sizes, n);
    const values = variant ? ownValues(n) : { ...sharedValues(n, name, family, brands), ...ownValues(n) };
    products.push({
      _id: sku,
      sku,
      family,
      parent: modelCode,
      categories: [pick(leafCategories[family], variant ? n - (n % variantsPerModel) : n)],
      enabled: n % 50 !== 49,
      values,
      ...completeness(),
      searchLabels: [sku.toLowerCase(), name.toLowerCase()],
      offer: offerOf(n),
      axisKey: variant ? `size=${JSON.stringify(size)}` : null,
      claims: [`unique:ean:${JSON.stringify(gtin13(n))}`, ...(variant ? [`axes:${modelCode}:size=${JSON.stringify(size)}`] : [])],
      ...bookkeeping(createdAt),
    });
  }
  return { products, models };
}
