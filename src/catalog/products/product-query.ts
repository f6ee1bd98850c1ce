import { PimError } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import type { Attribute, CatalogDefinitions } from "../definitions.js";
import { categoriesWithSubtrees, productsInCategoriesQuery } from "../read/categories.js";
import { boundInStandardUnit, numericKey, sortableTypes } from "../values/numeric-index.js";
import { isMeasurementFamily, measurementFamilies } from "../values/measurements.js";
import { channelKey, localeKey } from "../values/raw-values.js";
import type { StoredProduct } from "./product-document.js";

export type ConditionOperator = "EQUALS" | "IN" | "CONTAINS" | "RANGE" | "EMPTY" | "NOT_EMPTY";
type Scalar = string | number | boolean;

export interface AttributeCondition {
  attribute: string;
  locale?: string | null;
  channel?: string | null;
  operator: ConditionOperator;
  value?: unknown;
  values?: unknown[];
  min?: number | string | null;
  max?: number | string | null;
  /** RANGE on a measurement: the unit of min and max (default: the attribute's default unit, else the family's standard one). */
  unit?: string | null;
  /** RANGE on a price collection: the currency compared (required). */
  currency?: string | null;
}

export interface ProductFilter {
  categories?: string[];
  includeSubcategories?: boolean;
  families?: string[];
  enabled?: boolean;
  parent?: string;
  /** Every variant below a model: its own and its sub-models'. */
  ancestor?: string;
  attributes?: AttributeCondition[];
  completeness?: { channel: string; locale: string; min: number };
  updatedSince?: Date;
  search?: string;
  /** Only products in these category trees (root codes), by their own categories or their models'. */
  trees?: string[];
}

export type SortField = "SKU" | "UPDATED_AT" | "ATTRIBUTE";
export interface ProductSort {
  field: SortField;
  direction: "ASC" | "DESC";
  attribute?: string;
  locale?: string | null;
  channel?: string | null;
}

export interface ProductPage {
  products: StoredProduct[];
  cursors: string[];
  hasNextPage: boolean;
}

export const maxSearchLength = 100;

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Only plain JSON scalars reach a query: an object could smuggle in an operator like {$ne: null}. */
function scalar(value: unknown, field: string): Scalar {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new PimError("BAD_USER_INPUT", `${field} must be a string, number or boolean`, [{ path: [field], message: "must be a string, number or boolean" }]);
}

function valuePath(condition: { attribute: string; locale?: string | null; channel?: string | null }, definitions: CatalogDefinitions): string {
  const attribute = definitions.attributes.get(condition.attribute);
  if (!attribute)
    throw new PimError("BAD_USER_INPUT", `attribute ${condition.attribute} does not exist`, [
      { path: ["attribute"], message: `attribute ${condition.attribute} does not exist` },
    ]);
  if (condition.locale && !definitions.locales.has(condition.locale))
    throw new PimError("BAD_USER_INPUT", `locale ${condition.locale} is not a locale of the catalog`, [{ path: ["locale"], message: "unknown locale" }]);
  if (condition.channel && !definitions.channels.has(condition.channel))
    throw new PimError("BAD_USER_INPUT", `channel ${condition.channel} does not exist`, [{ path: ["channel"], message: "unknown channel" }]);
  const channel = attribute.scopable ? channelKey(condition.channel) : channelKey(null);
  const locale = attribute.localizable ? localeKey(condition.locale) : localeKey(null);
  const dataPath = attribute.type === "price_collection" || attribute.type === "measurement" ? ".amount" : "";
  return `values.${attribute.code}.${channel}.${locale}${dataPath}`;
}

function badRange(field: string, message: string): PimError {
  return new PimError("BAD_USER_INPUT", message, [{ path: [field], message }]);
}

/**
 * A RANGE on a measurement or a price compares numbers, not the stored decimal strings: measurements in
 * the family's standard unit (min and max converted from the condition's unit), prices in one currency.
 * Returns the `numbers` field to compare and the numeric bounds.
 */
function amountRange(condition: AttributeCondition, attribute: Attribute): { path: string; range: Record<string, number> } {
  const channel = attribute.scopable ? channelKey(condition.channel) : channelKey(null);
  const locale = attribute.localizable ? localeKey(condition.locale) : localeKey(null);
  const bounds = { $gte: condition.min, $lte: condition.max };
  const range: Record<string, number> = {};
  let key: string;
  if (attribute.type === "price_collection") {
    if (!condition.currency || !/^[A-Z]{3}$/.test(condition.currency))
      throw badRange("currency", `a RANGE on price ${attribute.code} needs the currency to compare, like EUR`);
    key = numericKey(attribute.code, channel, locale, condition.currency);
  } else key = numericKey(attribute.code, channel, locale);
  const family = attribute.constraints.measurementFamily ?? "";
  const unit = condition.unit ?? attribute.constraints.defaultUnit ?? (isMeasurementFamily(family) ? measurementFamilies[family].standard : "");
  for (const [operator, bound] of Object.entries(bounds)) {
    if (bound === undefined || bound === null) continue;
    const field = operator === "$gte" ? "min" : "max";
    const text = String(scalar(bound, field));
    if (!/^-?\d{1,15}(\.\d{1,9})?$/.test(text)) throw badRange(field, `${field} must be a decimal number like 1.5`);
    const value = attribute.type === "price_collection" ? Number(text) : boundInStandardUnit(text, family, unit);
    if (value === null)
      throw badRange(
        "unit",
        `unit ${unit} is not a unit of ${attribute.code} (${isMeasurementFamily(family) ? Object.keys(measurementFamilies[family].units).join(", ") : "no measurement family"})`,
      );
    range[operator] = value;
  }
  if (Object.keys(range).length === 0) throw badRange("min", "a RANGE condition needs min or max");
  return { path: `numbers.${key}`, range };
}

/** `list`: the value is a list (multiselect, media), whose items a text condition is matched against one by one. */
function conditionQuery(condition: AttributeCondition, path: string, list: boolean): Record<string, unknown> {
  switch (condition.operator) {
    case "EQUALS":
      return { [path]: { $eq: scalar(condition.value, "value") } };
    case "IN":
      return { [path]: { $in: (condition.values ?? []).map((v) => scalar(v, "values")) } };
    case "CONTAINS": {
      const text = String(scalar(condition.value, "value")).slice(0, maxSearchLength);
      const pattern = { $regex: escapeRegex(text), $options: "i" };
      return { [path]: list ? { $elemMatch: pattern } : pattern };
    }
    case "RANGE": {
      const range: Record<string, Scalar> = {};
      if (condition.min !== undefined && condition.min !== null) range.$gte = scalar(condition.min, "min");
      if (condition.max !== undefined && condition.max !== null) range.$lte = scalar(condition.max, "max");
      if (Object.keys(range).length === 0)
        throw new PimError("BAD_USER_INPUT", "a RANGE condition needs min or max", [{ path: ["min"], message: "min or max is required" }]);
      return { [path]: range };
    }
    case "NOT_EMPTY":
      return { [path]: { $exists: true } };
    case "EMPTY":
      return { [path]: { $exists: false } };
  }
}

/**
 * A variant matches a value condition through its own value or, when it has none, through the
 * model it inherits from; the matching models are found first, in the small models collection.
 */
async function effectiveConditionQuery(
  condition: AttributeCondition,
  definitions: CatalogDefinitions,
  context: CatalogContext,
): Promise<Record<string, unknown>> {
  let path = valuePath(condition, definitions);
  const attribute = definitions.attributes.get(condition.attribute) as Attribute;
  const list = ["multiselect", "media"].includes(attribute.type);
  let own: Record<string, unknown>;
  if (condition.operator === "RANGE" && (attribute.type === "measurement" || attribute.type === "price_collection")) {
    const amounts = amountRange(condition, attribute);
    path = amounts.path;
    own = { [path]: amounts.range };
  } else own = conditionQuery(condition, path, list);
  const present = { [path]: { $exists: true } };
  const absent = { [path]: { $exists: false } };
  const positive = condition.operator !== "EMPTY";
  const probe = positive ? own : present;
  const roots = await context.models.productModels.find({ parent: null, ...probe }, { code: 1 }).lean();
  const rootCodes = roots.map((m) => m.code);
  const subs = await context.models.productModels
    .find(
      {
        $or: [
          { parent: { $ne: null }, ...probe },
          { parent: { $in: rootCodes }, ...absent },
        ],
      },
      { code: 1 },
    )
    .lean();
  const modelsMatchingProbe = [...rootCodes, ...subs.map((m) => m.code)];
  if (positive)
    return {
      $or: [
        { ...present, ...own },
        { ...absent, parent: { $in: modelsMatchingProbe } },
      ],
    };
  return { ...absent, parent: { $nin: modelsMatchingProbe } };
}

/** A model and its sub-models: the parents of every variant below it. */
async function modelAndSubModels(code: string, context: CatalogContext): Promise<string[]> {
  const subs = await context.models.productModels.find({ parent: code }, { code: 1 }).lean();
  return [code, ...subs.map((model) => model.code)];
}

export async function buildProductQuery(filter: ProductFilter, context: CatalogContext): Promise<Record<string, unknown>> {
  const definitions = await context.definitions.current();
  const clauses: Record<string, unknown>[] = [];
  if (filter.trees) clauses.push(await productsInCategoriesQuery(await categoriesWithSubtrees(filter.trees, context.models), context.models));
  if (filter.categories?.length) {
    let codes = filter.categories;
    if (filter.includeSubcategories) {
      const descendants = await context.models.categories.find({ ancestors: { $in: codes } }, { _id: 1 }).lean();
      codes = [...codes, ...descendants.map((c) => c._id)];
    }
    clauses.push(await productsInCategoriesQuery(codes, context.models));
  }
  if (filter.families?.length) clauses.push({ family: { $in: filter.families } });
  if (filter.enabled !== undefined && filter.enabled !== null) clauses.push({ enabled: filter.enabled });
  if (filter.parent) clauses.push({ parent: filter.parent });
  if (filter.ancestor) clauses.push({ parent: { $in: await modelAndSubModels(filter.ancestor, context) } });
  if (filter.updatedSince) clauses.push({ updatedAt: { $gte: filter.updatedSince } });
  if (filter.completeness) {
    const { channel, locale, min } = filter.completeness;
    if (!definitions.channels.get(channel)?.locales.includes(locale)) {
      throw new PimError("BAD_USER_INPUT", `channel ${channel} does not publish locale ${locale}`, [
        { path: ["completeness"], message: "unknown channel or locale" },
      ]);
    }
    clauses.push({ [`completenessIndex.${channel}.${locale}`]: { $gte: min } });
  }
  if (filter.search) {
    if (filter.search.length > maxSearchLength)
      throw new PimError("BAD_USER_INPUT", `search is limited to ${maxSearchLength} characters`, [{ path: ["search"], message: "too long" }]);
    // $elemMatch, not a bare $regex: the embedded database matches a bare $regex on an array against the
    // array's text ("[abc, x.y]"), so "[" found every product; per element, both databases agree.
    clauses.push({ searchLabels: { $elemMatch: { $regex: escapeRegex(filter.search.toLowerCase()) } } });
  }
  for (const condition of filter.attributes ?? []) clauses.push(await effectiveConditionQuery(condition, definitions, context));
  return clauses.length === 0 ? {} : clauses.length === 1 ? (clauses[0] as Record<string, unknown>) : { $and: clauses };
}

interface CursorPayload {
  v: unknown;
  id: string;
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** A cursor as this API wrote it for the sort in use: the last row's id, and its sort value of the sort's own type. */
function decodeCursor(cursor: string, path: string): { id: string; value: unknown } {
  try {
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPayload;
    if (typeof payload !== "object" || payload === null || typeof payload.id !== "string" || payload.id.length > 255) throw new Error("bad id");
    if (payload.v !== null && !["string", "number", "boolean"].includes(typeof payload.v)) throw new Error("bad value");
    if (path === "sku" && typeof payload.v !== "string") throw new Error("a SKU sort's value is the SKU");
    if (path !== "updatedAt") return { id: payload.id, value: payload.v };
    const at = typeof payload.v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(payload.v) ? new Date(payload.v) : null;
    if (!at || Number.isNaN(at.getTime())) throw new Error("an update-time sort's value is a date");
    return { id: payload.id, value: at };
  } catch {
    throw new PimError("BAD_USER_INPUT", "after is not a cursor returned by this API for this sort", [{ path: ["after"], message: "invalid cursor" }]);
  }
}

async function sortPath(sort: ProductSort, context: CatalogContext): Promise<string> {
  if (sort.field === "SKU") return "sku";
  if (sort.field === "UPDATED_AT") return "updatedAt";
  if (!sort.attribute) throw new PimError("BAD_USER_INPUT", "sorting by ATTRIBUTE needs an attribute", [{ path: ["sort", "attribute"], message: "required" }]);
  const definitions = await context.definitions.current();
  // Checks the attribute, locale and channel; the sort itself reads sortKeys, where inherited values are.
  valuePath({ attribute: sort.attribute, locale: sort.locale, channel: sort.channel }, definitions);
  const attribute = definitions.attributes.get(sort.attribute) as Attribute;
  if (!sortableTypes.has(attribute.type))
    throw new PimError(
      "BAD_USER_INPUT",
      `${attribute.code} is a ${attribute.type} attribute, which does not sort; sortable types: ${[...sortableTypes].join(", ")}`,
      [{ path: ["sort", "attribute"], message: "not sortable" }],
    );
  const channel = attribute.scopable ? channelKey(sort.channel) : channelKey(null);
  const locale = attribute.localizable ? localeKey(sort.locale) : localeKey(null);
  return `sortKeys.${numericKey(attribute.code, channel, locale)}`;
}

function sortValueOf(product: Record<string, unknown>, path: string): unknown {
  let current: unknown = product;
  for (const segment of path.split(".")) current = (current as Record<string, unknown> | undefined)?.[segment];
  return current instanceof Date ? current.toISOString() : (current ?? null);
}

/**
 * Keyset pagination: the cursor holds the sort value and _id of the last row, so inserts between two
 * page requests never shift or repeat rows the way offsets do.
 */
export async function findProductPage(
  filter: ProductFilter,
  sort: ProductSort,
  first: number,
  after: string | null | undefined,
  context: CatalogContext,
): Promise<ProductPage> {
  const path = await sortPath(sort, context);
  const base = await buildProductQuery(filter, context);
  const direction = sort.direction === "DESC" ? -1 : 1;
  let query = base;
  if (after) {
    const { id, value } = decodeCursor(after, path);
    const beyond = direction === 1 ? "$gt" : "$lt";
    const keyset =
      path === "sku"
        ? { sku: { [beyond]: value } }
        : value === null
          ? direction === 1
            ? { $or: [{ [path]: { $ne: null } }, { [path]: null, _id: { $gt: id } }] }
            : { [path]: null, _id: { $lt: id } }
          : {
              $or: [{ [path]: { [beyond]: value } }, { [path]: value, _id: { [beyond]: id } }, ...(direction === -1 ? [{ [path]: null }] : [])],
            };
    query = Object.keys(base).length ? { $and: [base, keyset] } : keyset;
  }
  const sortSpec: Record<string, 1 | -1> = path === "sku" ? { sku: direction } : { [path]: direction, _id: direction };
  const rows = (await context.models.products
    .find(query)
    .sort(sortSpec)
    .limit(first + 1)
    .lean()) as unknown as StoredProduct[];
  const page = rows.slice(0, first);
  return {
    products: page,
    cursors: page.map((p) => encodeCursor({ v: sortValueOf(p as unknown as Record<string, unknown>, path), id: String(p._id) })),
    hasNextPage: rows.length > first,
  };
}

export async function countProducts(filter: ProductFilter, context: CatalogContext): Promise<number> {
  return context.models.products.countDocuments(await buildProductQuery(filter, context));
}
