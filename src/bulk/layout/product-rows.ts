import type { CatalogDefinitions } from "../../catalog/definitions.js";
import type { StoredProduct } from "../../catalog/products/product-document.js";
import type { ProductInput } from "../../catalog/validation/product-validation.js";
import { getRawValue, setRawValue, toValueEntries, type RawValues } from "../../catalog/values/raw-values.js";
import type { FieldProblem } from "../../errors.js";
import { formatCell, parseBoolean, parseCell, parseDecimal, splitList } from "./cells.js";
import { associationColumnName, parseColumn, valueColumnName, type ColumnTarget, type ValueColumn } from "./columns.js";

export interface ParsedHeader {
  columns: Map<string, ColumnTarget>;
  /** Columns that mean nothing: the import stops before reading a row, as a wrong header would break every row. */
  problems: string[];
}

export function parseHeader(header: string[], definitions: CatalogDefinitions): ParsedHeader {
  const columns = new Map<string, ColumnTarget>();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (name === "") continue;
    if (seen.has(name)) problems.push(`column ${name} appears twice`);
    seen.add(name);
    const target = parseColumn(name, definitions);
    if ("problem" in target) problems.push(target.problem);
    else columns.set(name, target);
  }
  if (!columns.has("sku")) problems.push("the file has no sku column");
  return { columns, problems };
}

export interface RowProblem {
  column: string | null;
  message: string;
}

/** A row's offer cells: a price per currency (null removes it) and on-hand stock per location; an empty stock cell changes nothing. */
export interface OfferCells {
  prices: Record<string, string | null>;
  stock: Record<string, number>;
}

export type ConvertedRow =
  | { ok: true; input: ProductInput; offer: OfferCells | null; columnOf: (problem: FieldProblem) => string | null }
  | { ok: false; sku: string; problems: RowProblem[] };

type Price = { amount: string; currency: string };
type Measurement = { amount: string; unit: string };

/**
 * A row as a full product input: the stored product's content with the row's cells laid over it, so
 * a file with a few columns changes only those cells. An empty cell removes its value.
 */
export function rowToProductInput(
  cells: Record<string, string>,
  header: ParsedHeader,
  existing: Pick<StoredProduct, "values" | "associations"> | null,
): ConvertedRow {
  const sku = (cells.sku ?? "").trim();
  const problems: RowProblem[] = [];
  if (sku === "") problems.push({ column: "sku", message: "sku is empty" });
  const input: ProductInput = { sku };
  const values: RawValues = structuredClone(existing?.values ?? {});
  const associations = structuredClone(existing?.associations ?? {}) as Record<string, { products: string[]; models: string[] }>;
  const measurements = new Map<string, { column: ValueColumn; amount?: string; unit?: string }>();
  const cellColumns = new Map<string, string>();
  let offer: OfferCells | null = null;

  for (const [name, target] of header.columns) {
    const text = cells[name];
    if (text === undefined) continue;
    switch (target.kind) {
      case "family":
        if (text.trim() !== "") input.family = text.trim();
        break;
      case "parent":
        input.parent = text.trim() === "" ? null : text.trim();
        break;
      case "categories":
        input.categories = splitList(text);
        break;
      case "enabled": {
        if (text.trim() === "") break;
        const enabled = parseBoolean(text);
        if (enabled === undefined) problems.push({ column: name, message: `"${text.trim()}" is not a yes/no value (1, 0, true, false, yes, no)` });
        else input.enabled = enabled;
        break;
      }
      case "association": {
        const entry = (associations[target.type] ??= { products: [], models: [] });
        entry[target.targets] = splitList(text);
        break;
      }
      case "offer_price": {
        offer ??= { prices: {}, stock: {} };
        if (text.trim() === "") offer.prices[target.currency] = null;
        else {
          const amount = parseDecimal(text);
          if ("problem" in amount) problems.push({ column: name, message: amount.problem });
          else offer.prices[target.currency] = amount.decimal;
        }
        break;
      }
      case "offer_stock": {
        if (text.trim() === "") break;
        offer ??= { prices: {}, stock: {} };
        const onHand = parseDecimal(text);
        if ("problem" in onHand || !/^\d+$/.test(onHand.decimal))
          problems.push({ column: name, message: `"${text.trim()}" is not a whole number of items on hand` });
        else offer.stock[target.location] = Number(onHand.decimal);
        break;
      }
      case "value": {
        const { attribute, channel, locale } = target;
        const key = valueColumnName(attribute.code, locale, channel);
        if (!cellColumns.has(key)) cellColumns.set(key, name);
        if (attribute.type === "measurement") {
          const entry = measurements.get(key) ?? { column: target };
          entry[target.part === "unit" ? "unit" : "amount"] = text.trim();
          measurements.set(key, entry);
        } else if (attribute.type === "price_collection") {
          const problem = setPriceCell(values, target, text);
          if (problem) problems.push({ column: name, message: problem });
        } else {
          const parsed = parseCell(attribute, text);
          if ("problem" in parsed) problems.push({ column: name, message: parsed.problem });
          else setRawValue(values, attribute.code, channel, locale, parsed.data);
        }
        break;
      }
      default:
        break;
    }
  }
  for (const { column, amount, unit } of measurements.values()) {
    const problem = setMeasurement(values, column, amount, unit);
    if (problem)
      problems.push({
        column: cellColumns.get(valueColumnName(column.attribute.code, column.locale, column.channel)) ?? column.attribute.code,
        message: problem,
      });
  }
  if (problems.length > 0) return { ok: false, sku, problems };
  input.values = toValueEntries(values);
  if (Object.keys(associations).length > 0) input.associations = associations;
  return { ok: true, input, offer, columnOf: (problem) => columnOfProblem(problem, input, header, cellColumns) };
}

function setPriceCell(values: RawValues, column: ValueColumn, text: string): string | null {
  const { attribute, channel, locale, currency } = column;
  const byCurrency = new Map(((getRawValue(values, attribute.code, channel, locale) as Price[] | undefined) ?? []).map((p) => [p.currency, p.amount]));
  if (currency) {
    if (text.trim() === "") byCurrency.delete(currency);
    else {
      const amount = parseDecimal(text);
      if ("problem" in amount) return amount.problem;
      byCurrency.set(currency, amount.decimal);
    }
  } else {
    // A single price column holds "10.00 EUR, 12.50 USD", replacing every currency.
    byCurrency.clear();
    for (const item of splitList(text)) {
      const match = /^(.+?)\s+([A-Z]{3})$/.exec(item);
      if (!match) return `"${item}" is not a price written as "<amount> <currency>"`;
      const amount = parseDecimal(match[1] as string);
      if ("problem" in amount) return amount.problem;
      byCurrency.set(match[2] as string, amount.decimal);
    }
  }
  // The stored order is kept (a Map keeps insertion order), so re-importing the same prices changes nothing.
  const prices = [...byCurrency].map(([code, amount]) => ({ amount, currency: code }));
  setRawValue(values, attribute.code, channel, locale, prices);
  return null;
}

/**
 * The amount and unit columns together; a missing unit keeps the stored one, else the attribute's
 * default. "0.5 KILOGRAM" in the amount column works too, unless a unit column says otherwise.
 * Returns why the cells cannot be read.
 */
function setMeasurement(values: RawValues, column: ValueColumn, amountText: string | undefined, unitText: string | undefined): string | null {
  const { attribute, channel, locale } = column;
  const stored = getRawValue(values, attribute.code, channel, locale) as Measurement | undefined;
  if (amountText === "") {
    setRawValue(values, attribute.code, channel, locale, null);
    return null;
  }
  const withUnit = /^(.*\S)\s+([A-Z][A-Z0-9_]*)$/.exec(amountText ?? "");
  const amountPart = withUnit ? (withUnit[1] as string) : amountText;
  const unitPart = withUnit?.[2];
  if (unitPart && unitText && unitPart !== unitText) return `the amount "${amountText}" is in ${unitPart}, but the unit column says ${unitText}`;
  let amount = stored?.amount;
  if (amountPart !== undefined) {
    const parsed = parseDecimal(amountPart);
    if ("problem" in parsed) return parsed.problem;
    amount = parsed.decimal;
  }
  if (amount === undefined) return null;
  const unit = unitText || unitPart || stored?.unit || attribute.constraints.defaultUnit || "";
  setRawValue(values, attribute.code, channel, locale, { amount, unit });
  return null;
}

function columnOfProblem(problem: FieldProblem, input: ProductInput, header: ParsedHeader, cellColumns: Map<string, string>): string | null {
  const [first, second, third, , fifth] = problem.path;
  if (first === "values" && second) {
    const entry = input.values?.[second]?.[Number(third)];
    const locale = entry?.locale ?? problem.locale ?? null;
    const channel = entry?.channel ?? problem.channel ?? null;
    const prices = Array.isArray(entry?.data) ? (entry?.data as Array<{ currency?: string }>) : [];
    const currency = fifth !== undefined ? prices[Number(fifth)]?.currency : undefined;
    const priceColumn = currency ? valueColumnName(second, locale, channel, currency) : null;
    if (priceColumn && header.columns.has(priceColumn)) return priceColumn;
    const unitColumn = problem.path.includes("unit") ? valueColumnName(second, locale, channel, "unit") : null;
    if (unitColumn && header.columns.has(unitColumn)) return unitColumn;
    return cellColumns.get(valueColumnName(second, locale, channel)) ?? second;
  }
  if (first === "associations" && second) return associationColumnName(second, problem.path[2] === "models" ? "models" : "products");
  return first ?? null;
}

/** A stored product as the cells of the given columns, the inverse of rowToProductInput. */
export function productToCells(
  product: Pick<StoredProduct, "sku" | "family" | "parent" | "categories" | "enabled" | "values" | "associations" | "offer">,
  columns: Map<string, ColumnTarget>,
  /** Media cells as URLs rather than asset ids. */
  mediaUrl?: (asset: string) => string,
): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [name, target] of columns) {
    switch (target.kind) {
      case "sku":
        cells[name] = product.sku;
        break;
      case "family":
        cells[name] = product.family ?? "";
        break;
      case "parent":
        cells[name] = product.parent ?? "";
        break;
      case "categories":
        cells[name] = product.categories.join(",");
        break;
      case "enabled":
        cells[name] = product.enabled ? "1" : "0";
        break;
      case "association":
        cells[name] = (product.associations[target.type]?.[target.targets] ?? []).join(",");
        break;
      case "offer_price":
        cells[name] = product.offer?.prices?.[target.currency] ?? "";
        break;
      case "offer_stock": {
        const onHand = product.offer?.stock?.[target.location];
        cells[name] = onHand === undefined ? "" : String(onHand);
        break;
      }
      case "value": {
        const data = getRawValue(product.values, target.attribute.code, target.channel, target.locale);
        if (target.attribute.type === "price_collection")
          cells[name] = (data as Price[] | undefined)?.find((p) => p.currency === target.currency)?.amount ?? "";
        else if (target.attribute.type === "measurement") cells[name] = (data as Measurement | undefined)?.[target.part === "unit" ? "unit" : "amount"] ?? "";
        else if (target.attribute.type === "media" && mediaUrl && Array.isArray(data)) cells[name] = data.map((asset) => mediaUrl(String(asset))).join(",");
        else cells[name] = formatCell(target.attribute, data);
        break;
      }
      default:
        cells[name] = "";
    }
  }
  return cells;
}
