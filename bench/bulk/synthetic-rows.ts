import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** Synthetic rows for import benchmarks: new `home` products of the demo catalog with 50 attribute columns. */

function gtin13(n: number): string {
  const twelve = `29${String(n).padStart(10, "0")}`;
  const sum = [...twelve].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

const locales = ["en_US", "pl_PL", "ru_RU"];
const channelLocales: Array<[string, string[]]> = [
  ["ecommerce", ["en_US", "pl_PL", "ru_RU"]],
  ["mobile", ["en_US", "pl_PL"]],
  ["google_shopping", ["en_US"]],
  ["meta_shops", ["en_US"]],
  ["amazon", ["en_US"]],
  ["allegro", ["pl_PL"]],
  ["yandex_market", ["ru_RU"]],
];
const scoped = (attribute: string) => channelLocales.flatMap(([channel, ls]) => ls.map((locale) => `${attribute}-${locale}-${channel}`));
const measurements = ["volume", "weight", "width", "height", "depth"];
export const attributeColumns = [
  ...locales.map((l) => `name-${l}`),
  ...scoped("description"),
  ...scoped("short_description"),
  ...locales.map((l) => `care_instructions-${l}`),
  ...locales.map((l) => `product_url-${l}`),
  "brand",
  "ean",
  "mpn",
  "condition",
  "release_date",
  "color",
  "material",
  "power_watts",
  "energy_class",
  "warranty_months",
  "is_eco",
  ...measurements.flatMap((m) => [m, `${m}-unit`]),
];
export const header = ["sku", "family", "categories", "enabled", ...attributeColumns];
const units: Record<string, string> = { volume: "LITER", weight: "KILOGRAM", width: "CENTIMETER", height: "CENTIMETER", depth: "CENTIMETER" };
const brands = ["hearth_co", "glinka", "casa_lumo", "voltra"];
const colors = ["black", "white", "grey", "beige", "green"];

function cell(column: string, i: number): string {
  const [attribute, locale] = column.split("-");
  if (column.endsWith("-unit")) return units[attribute as string] as string;
  if (measurements.includes(column)) return `${(i % 90) + 1}.${i % 10}`;
  switch (attribute) {
    case "name":
      return `Bench item ${i} ${locale}`;
    case "description":
      return `<p>Bench item ${i}, described for ${column}.</p>`;
    case "short_description":
      return `Bench item ${i}, short, ${column}`;
    case "care_instructions":
      return `Wash item ${i} by hand (${locale})`;
    case "product_url":
      return `https://shop.example.com/${locale}/bench-${i}`;
    case "brand":
      return brands[i % brands.length] as string;
    case "ean":
      return gtin13(i);
    case "mpn":
      return `BN-${i}`;
    case "condition":
      return "new";
    case "release_date":
      return `2025-0${(i % 9) + 1}-1${i % 10}`;
    case "color":
      return colors[i % colors.length] as string;
    case "material":
      return i % 2 ? "ceramic,wood" : "steel";
    case "power_watts":
      return String(100 + (i % 2000));
    case "energy_class":
      return "abcdefg"[i % 7] as string;
    case "warranty_months":
      return String(12 + (i % 4) * 12);
    case "is_eco":
      return i % 3 === 0 ? "1" : "0";
    default:
      throw new Error(`no generator for ${column}`);
  }
}

/** Row i of the synthetic file, cell by cell in header order. */
export function productRow(i: number): string[] {
  return [`BENCH-${i}`, "home", i % 2 ? "kitchen" : "decor", "1", ...attributeColumns.map((c) => cell(c, i))];
}

const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** A CSV of `rows` new `home` products in the flat layout, streamed to disk. */
export async function generateCsv(path: string, rows: number): Promise<void> {
  const file = createWriteStream(path);
  const write = async (line: string) => {
    if (!file.write(line)) await once(file, "drain");
  };
  await write(`${header.join(",")}\n`);
  for (let i = 0; i < rows; i++) await write(`${productRow(i).map(quote).join(",")}\n`);
  file.end();
  await once(file, "close");
}
