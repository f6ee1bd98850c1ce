import { randomUUID } from "node:crypto";
import { PimError, type FieldProblem } from "../errors.js";
import type { Collection } from "mongoose";
import type { CatalogDefinitions } from "../catalog/definitions.js";
import type { ChangeLog } from "../events/change-log.js";
import type { ChangeEventType } from "../events/change-event.js";
import { amountProblem, isAmount, normalizeAmount } from "./money.js";
import { stockPolicies, type StockPolicy } from "./offer.js";

/** The most updates one call takes; an ERP with more sends several calls. */
export const maxUpdatesPerCall = 10_000;

export interface StockUpdate {
  sku: string;
  location?: string | null;
  onHand?: number | null;
  policy?: StockPolicy | null;
  availabilityDate?: Date | string | null;
}

export interface PriceUpdate {
  sku: string;
  currency: string;
  /** Null removes the price in that currency. */
  amount: string | null;
}

export interface OfferUpdateResult {
  index: number;
  sku: string;
  status: "updated" | "error";
  errors: FieldProblem[];
}

export interface OfferUpdateReport {
  results: OfferUpdateResult[];
  updated: number;
  failed: number;
}

const maxOnHand = 1_000_000_000;

/** Per item: the `$set` paths it writes, or why it is refused. */
type Checked = { paths: Record<string, unknown>; history: Record<string, unknown> } | { errors: FieldProblem[] };

export function checkStockUpdate(update: StockUpdate, definitions: CatalogDefinitions): Checked {
  const errors: FieldProblem[] = [];
  const paths: Record<string, unknown> = {};
  checkSku(update.sku, errors);
  const hasQuantity = update.location != null || update.onHand != null;
  const hasPolicy = update.policy != null || update.availabilityDate != null;
  if (!hasQuantity && !hasPolicy) errors.push({ path: ["onHand"], message: "give a location and onHand, or a policy or availabilityDate" });
  if (hasQuantity) {
    if (update.location == null) errors.push({ path: ["location"], message: "is required with onHand" });
    else if (!definitions.stockLocations.has(update.location)) errors.push({ path: ["location"], message: `stock location ${update.location} does not exist` });
    if (update.onHand == null) errors.push({ path: ["onHand"], message: "is required with location" });
    else if (!Number.isInteger(update.onHand) || update.onHand < 0 || update.onHand > maxOnHand) {
      errors.push({ path: ["onHand"], message: `must be a whole number from 0 to ${maxOnHand}, got ${String(update.onHand)}` });
    }
    if (update.location != null && update.onHand != null) paths[`offer.stock.${update.location}`] = update.onHand;
  }
  if (update.policy != null) {
    if (!(stockPolicies as readonly string[]).includes(update.policy)) errors.push({ path: ["policy"], message: `must be one of ${stockPolicies.join(", ")}` });
    else paths["offer.policy"] = update.policy;
  }
  if (update.availabilityDate != null) {
    const date = new Date(update.availabilityDate);
    if (Number.isNaN(date.getTime())) errors.push({ path: ["availabilityDate"], message: "must be a date and time like 2026-12-01T09:00:00Z" });
    else paths["offer.availabilityDate"] = date;
  }
  if (errors.length) return { errors };
  const history = {
    sku: update.sku,
    ...(update.location != null ? { location: update.location, onHand: update.onHand } : {}),
    ...(update.policy != null ? { policy: update.policy } : {}),
    ...(update.availabilityDate != null ? { availabilityDate: paths["offer.availabilityDate"] } : {}),
  };
  return { paths, history };
}

export function checkPriceUpdate(update: PriceUpdate, definitions: CatalogDefinitions): Checked {
  const errors: FieldProblem[] = [];
  checkSku(update.sku, errors);
  if (!definitions.currencies.has(update.currency)) errors.push({ path: ["currency"], message: `${String(update.currency)} is not a currency of the catalog` });
  if (update.amount !== null) {
    if (!isAmount(update.amount))
      errors.push({
        path: ["amount"],
        message: `must be a non-negative decimal amount written like 19.99 (a string, at most 4 decimals, no sign or exponent), got ${JSON.stringify(update.amount)}`,
      });
    else if (/^0(\.0+)?$/.test(update.amount)) errors.push({ path: ["amount"], message: "must be above zero" });
    else if (definitions.currencies.has(update.currency)) {
      // Rounding 1.999 EUR to 2.00 would store a price nobody sent.
      const problem = amountProblem(update.amount, update.currency);
      if (problem) errors.push({ path: ["amount"], message: problem });
    }
  }
  if (errors.length) return { errors };
  const amount = update.amount === null ? null : normalizeAmount(update.amount, update.currency);
  return { paths: { [`offer.prices.${update.currency}`]: amount }, history: { sku: update.sku, currency: update.currency, amount } };
}

function checkSku(sku: unknown, errors: FieldProblem[]): void {
  if (typeof sku !== "string" || sku.length === 0 || sku.length > 255) errors.push({ path: ["sku"], message: "must be a SKU of 1 to 255 characters" });
}

export interface OfferWriteDeps {
  definitions: () => Promise<CatalogDefinitions>;
  /** The catalog's write of offer paths (`offer.prices.EUR`…) onto products; returns the SKUs that matched none. */
  writePaths: (pathsBySku: Map<string, Record<string, unknown>>, at: Date) => Promise<Set<string>>;
  /** Where the compact offer history is kept. */
  history: Collection;
  changeLog: ChangeLog;
  /** Tells in-process listeners (feed regeneration) which SKUs changed. */
  announce: (skus: string[]) => void;
}

export function setStock(updates: StockUpdate[], actor: string, deps: OfferWriteDeps): Promise<OfferUpdateReport> {
  return writeOfferUpdates(updates, "stock", "offer.stock_changed", checkStockUpdate, actor, deps);
}

export function setPrices(updates: PriceUpdate[], actor: string, deps: OfferWriteDeps): Promise<OfferUpdateReport> {
  return writeOfferUpdates(updates, "prices", "offer.price_changed", checkPriceUpdate, actor, deps);
}

/**
 * Validates every item, then writes the valid ones as one `$set` per SKU (no read first), journals the
 * change before writing and publishes it after, and records the call in the compact offer history.
 * A SKU that does not exist is only discovered when the write matches fewer products than it named.
 */
async function writeOfferUpdates<T extends { sku: string }>(
  updates: T[],
  kind: "stock" | "prices",
  eventType: ChangeEventType,
  check: (update: T, definitions: CatalogDefinitions) => Checked,
  actor: string,
  { definitions: currentDefinitions, writePaths, history, changeLog, announce }: OfferWriteDeps,
): Promise<OfferUpdateReport> {
  if (updates.length > maxUpdatesPerCall) {
    throw new PimError("BAD_USER_INPUT", `At most ${maxUpdatesPerCall} updates per call, got ${updates.length}; send them in several calls`, [
      { path: ["updates"], message: `has ${updates.length} items; the limit is ${maxUpdatesPerCall}` },
    ]);
  }
  const definitions = await currentDefinitions();
  const results: OfferUpdateResult[] = [];
  const pathsBySku = new Map<string, Record<string, unknown>>();
  const historyItems: Array<Record<string, unknown>> = [];
  updates.forEach((update, index) => {
    const checked = check(update, definitions);
    if ("errors" in checked) {
      results.push({ index, sku: String(update.sku), status: "error", errors: checked.errors });
      return;
    }
    pathsBySku.set(update.sku, { ...pathsBySku.get(update.sku), ...checked.paths });
    historyItems.push(checked.history);
    results.push({ index, sku: update.sku, status: "updated", errors: [] });
  });
  const skus = [...pathsBySku.keys()];
  if (skus.length > 0) {
    const at = new Date();
    const missing = await changeLog.around({ type: eventType, subjects: skus }, () => writePaths(pathsBySku, at));
    for (const result of results) {
      if (result.status === "updated" && missing.has(result.sku)) {
        result.status = "error";
        result.errors = [{ path: ["sku"], message: `no product has SKU ${result.sku}` }];
      }
    }
    const applied = historyItems.filter((item) => !missing.has(item.sku as string));
    if (applied.length) await history.insertOne({ _id: randomUUID() as never, kind, actor, at, items: applied });
    announce(skus.filter((sku) => !missing.has(sku)));
  }
  const failed = results.filter((r) => r.status === "error").length;
  return { results, updated: results.length - failed, failed };
}
