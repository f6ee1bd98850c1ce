import type { CatalogServices } from "../../src/catalog/services.js";
import type { ProductInput, ValueEntry } from "../../src/catalog/validation/product-validation.js";

/** A catalog of any size with a fixed shape: A attributes over 3 locales and 2 channels, 3 families, a category tree. */
export interface SyntheticShape {
  attributes: number;
}

const locales = ["en_US", "pl_PL", "ru_RU"];
const channels = ["web", "app"];
const currencies = ["EUR", "PLN", "USD"];
const families = ["apparel", "electronics", "home"];
const categoriesPerFamily = 10;

function attributeCodes(shape: SyntheticShape): string[] {
  return Array.from({ length: shape.attributes }, (_, i) => `attr_${String(i).padStart(3, "0")}`);
}

/** Every sixth attribute has a different type, so values exercise the whole validator. */
function attributeDefinition(code: string, index: number) {
  const base = { code, group: "general", labels: { en_US: `Attribute ${index}` } };
  switch (index % 6) {
    case 0:
      return { ...base, type: "text", localizable: true, scopable: true, constraints: { maxLength: 255 } };
    case 1:
      return { ...base, type: "textarea", localizable: true, constraints: { richText: true, maxLength: 5000 } };
    case 2:
      return { ...base, type: "number", constraints: { min: 0, max: 1_000_000 } };
    case 3:
      return { ...base, type: "simpleselect", options: Array.from({ length: 20 }, (_, o) => ({ code: `option_${o}` })) };
    case 4:
      return { ...base, type: "measurement", constraints: { measurementFamily: "weight", defaultUnit: "KILOGRAM" } };
    default:
      return { ...base, type: "boolean" };
  }
}

export async function createSyntheticReference(catalog: CatalogServices, shape: SyntheticShape): Promise<void> {
  const actor = "bench";
  for (const code of locales) await catalog.saveLocale({ code, label: code, fallback: code === "en_US" ? null : "en_US" }, actor);
  for (const code of currencies) await catalog.saveCurrency({ code }, actor);
  await catalog.saveAttributeGroup({ code: "general" }, actor);
  await catalog.saveAttribute({ code: "sku", type: "identifier", group: "general" }, actor);
  await catalog.saveAttribute({ code: "name", type: "text", group: "general", localizable: true, constraints: { maxLength: 255 } }, actor);
  await catalog.saveAttribute({ code: "price", type: "price_collection", group: "general" }, actor);
  await catalog.saveAttribute({ code: "ean", type: "text", group: "general", unique: true, constraints: { gtin: true } }, actor);
  const codes = attributeCodes(shape);
  for (const [index, code] of codes.entries()) await catalog.saveAttribute(attributeDefinition(code, index), actor);
  await catalog.saveCategory({ code: "root" }, actor);
  for (const family of families) {
    await catalog.saveCategory({ code: family, parent: "root" }, actor);
    for (let c = 0; c < categoriesPerFamily; c++) await catalog.saveCategory({ code: `${family}_${c}`, parent: family }, actor);
  }
  for (const code of channels) await catalog.saveChannel({ code, locales, currencies: code === "web" ? currencies : ["EUR"], categoryTree: "root" }, actor);
  for (const family of families) {
    await catalog.saveFamily(
      {
        code: family,
        attributes: ["sku", "name", "price", "ean", ...codes],
        labelAttribute: "name",
        requirements: { web: ["sku", "name", "price", ...codes.slice(0, 10)], app: ["sku", "name", "price", ...codes.slice(0, 4)] },
      },
      actor,
    );
  }
}

function gtin13(n: number): string {
  const body = `200${String(n).padStart(9, "0")}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function valueFor(code: string, index: number, n: number): ValueEntry[] {
  switch (index % 6) {
    case 0:
      return locales.flatMap((locale) => channels.map((channel) => ({ locale, channel, data: `${code} of product ${n} in ${locale} for ${channel}` })));
    case 1:
      return locales.map((locale) => ({
        locale,
        data: `<p>Description ${code} of product ${n} (${locale}).</p><ul><li>Point one</li><li>Point two</li></ul>`,
      }));
    case 2:
      return [{ data: (n * 7 + index) % 1_000_000 }];
    case 3:
      return [{ data: `option_${(n + index) % 20}` }];
    case 4:
      return [{ data: { amount: `${(n % 1000) / 10}`, unit: "KILOGRAM" } }];
    default:
      return [{ data: (n + index) % 2 === 0 }];
  }
}

/** Product n of the synthetic catalog; the same n always gives the same product. */
export function syntheticProduct(n: number, shape: SyntheticShape, revision = 0): ProductInput {
  const family = families[n % families.length] as string;
  const values: Record<string, ValueEntry[]> = {
    name: locales.map((locale) => ({ locale, data: `Product ${n} ${locale}${revision ? ` rev ${revision}` : ""}` })),
    price: [{ data: currencies.map((currency) => ({ amount: `${(n % 500) + 9}.99`, currency })) }],
    ean: [{ data: gtin13(n) }],
  };
  attributeCodes(shape).forEach((code, index) => {
    values[code] = valueFor(code, index, n);
  });
  return { sku: `SKU-${String(n).padStart(8, "0")}`, family, categories: [`${family}_${n % categoriesPerFamily}`], enabled: n % 50 !== 0, values };
}
