import { PimError } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import { diffEntities } from "../history/history.js";
import type { ProductInput, ValueEntry } from "../validation/product-validation.js";
import { getRawValue, isValueEntryMap, overlayValues, setRawValue, toValueEntries, type RawValues } from "../values/raw-values.js";
import { releaseClaims } from "./claims.js";
import type { StoredProduct } from "./product-document.js";
import { saveProducts, type ItemResult } from "./save-products.js";
import { recordTombstone } from "./tombstones.js";
import { loadAncestorChains } from "../read/ancestry.js";
import { guardedState, guardProblems, type Writer } from "../write-guard.js";
import { idFilter } from "../../database/id-filter.js";
import type { WriteMode } from "../write-mode.js";
import { readScopeProblems } from "../values/value-resolution.js";

export interface ValueChange {
  attribute: string;
  locale?: string | null;
  channel?: string | null;
  data?: unknown;
}

export interface ProductChanges {
  family?: string | null;
  parent?: string | null;
  detach?: boolean;
  categories?: string[];
  enabled?: boolean;
  setValues?: ValueChange[];
  clearValues?: ValueChange[];
  associations?: Record<string, { products?: string[]; models?: string[] }>;
}

/**
 * A list of values, as the API's typed value inputs give them, in the catalog's value format
 * ({attribute: [{locale, channel, data}]}), in the order given. Empty data clears; anything else is
 * validated as sent, so a wrong type is reported, not dropped.
 */
export function valueEntriesOf(changes: readonly ValueChange[]): Record<string, ValueEntry[]> {
  const entries: Record<string, ValueEntry[]> = {};
  for (const change of changes)
    (entries[change.attribute] ??= []).push({ locale: change.locale ?? null, channel: change.channel ?? null, data: change.data ?? null });
  return entries;
}

/** The whole product an update produces, from the stored one and only the fields the editor sent. */
export function applyChanges(existing: StoredProduct, changes: ProductChanges): ProductInput {
  const values: RawValues = structuredClone(existing.values);
  for (const key of changes.clearValues ?? []) setRawValue(values, key.attribute, key.channel ?? null, key.locale ?? null, null);
  const setEntries = valueEntriesOf(changes.setValues ?? []);
  return {
    sku: existing.sku,
    family: changes.family ?? existing.family,
    parent: changes.detach ? null : (changes.parent ?? existing.parent),
    categories: changes.categories ?? existing.categories,
    enabled: changes.enabled ?? existing.enabled,
    values: overlayValues(values, setEntries),
    associations: { ...existing.associations, ...(changes.associations ?? {}) },
  };
}

/**
 * An upsert item laid over the stored product: each value it gives replaces that attribute's value for
 * the same locale and channel (null data clears it), and every field, attribute, locale and channel it
 * leaves out stays as stored. An item whose values are not lists of entries is left as sent, so
 * validation refuses it with the reason.
 */
export function mergeOnto(existing: StoredProduct, input: ProductInput): ProductInput {
  const values = input.values ?? {};
  if (!isValueEntryMap(values)) return input;
  return {
    sku: input.sku,
    family: input.family || existing.family,
    parent: input.parent === undefined ? existing.parent : input.parent,
    categories: input.categories ?? existing.categories,
    enabled: input.enabled ?? existing.enabled,
    values: overlayValues(existing.values, values),
    associations: { ...existing.associations, ...(input.associations ?? {}) },
  };
}

/** Creates or updates products; existing ones are merged with the items unless `replace` is asked for. */
export async function upsertProducts(inputs: ProductInput[], writeMode: WriteMode, writer: Writer, context: CatalogContext): Promise<ItemResult[]> {
  if (writeMode === "replace") return saveProducts(inputs, { ...writer, mode: "upsert" }, context);
  const skus = inputs.map((input) => input.sku).filter((sku): sku is string => typeof sku === "string");
  const existing = (await context.models.products.find(idFilter(skus)).lean()) as unknown as StoredProduct[];
  const bySku = new Map(existing.map((product) => [product.sku, product]));
  const merged = inputs.map((input) => {
    const stored = bySku.get(input.sku);
    return stored ? mergeOnto(stored, input) : input;
  });
  // Each merge was made from this read: the save refuses an item whose product changed since, rather than overwrite that change.
  const expectedVersions = new Map(existing.map((product) => [product.sku, product.version]));
  return saveProducts(merged, { ...writer, mode: "upsert", existing, expectedVersions }, context);
}

export function firstError(result: ItemResult): PimError {
  const message = result.errors.map((e) => e.message).join("; ") || "the product could not be saved";
  return new PimError(result.errorCode ?? "BAD_USER_INPUT", message, result.errors, result.version !== undefined ? { currentVersion: result.version } : {});
}

export async function updateProduct(
  sku: string,
  changes: ProductChanges,
  expectedVersion: number | undefined,
  writer: Writer,
  context: CatalogContext,
): Promise<ItemResult> {
  const existing = (await context.models.products.findOne({ _id: sku }).lean()) as unknown as StoredProduct | null;
  if (!existing) throw new PimError("NOT_FOUND", `product ${sku} does not exist`);
  // Clearing what the catalog does not have would answer "unchanged" and hide the typo.
  const definitions = await context.definitions.current();
  // A value the product holds can always be cleared, even in a locale or channel that is gone (an orphan).
  const unknown = (changes.clearValues ?? []).flatMap((key, index) =>
    getRawValue(existing.values, key.attribute, key.channel ?? null, key.locale ?? null) !== undefined
      ? []
      : readScopeProblems(definitions, key).map((problem) => ({ ...problem, path: ["changes", "clearValues", String(index), ...problem.path] })),
  );
  if (unknown.length > 0) throw new PimError("BAD_USER_INPUT", unknown.map((problem) => problem.message).join("; "), unknown);
  const input = applyChanges(existing, changes);
  const expectedVersions = new Map([[sku, expectedVersion ?? existing.version]]);
  const [result] = await saveProducts([input], { ...writer, mode: "update", expectedVersions, existing: [existing] }, context);
  if (!result || result.status === "error") throw firstError(result as ItemResult);
  return result;
}

export async function deleteProduct(sku: string, expectedVersion: number | undefined, writer: Writer, context: CatalogContext): Promise<void> {
  const existing = (await context.models.products.findOne({ _id: sku }).lean()) as unknown as StoredProduct | null;
  if (!existing) throw new PimError("NOT_FOUND", `product ${sku} does not exist`);
  const ancestors = existing.parent ? ((await loadAncestorChains([existing.parent], context.models)).get(existing.parent) ?? []) : [];
  const [forbidden = []] = await guardProblems(writer, [{ kind: "product", code: sku, before: guardedState(existing, ancestors), after: null }]);
  if (forbidden.length > 0) throw new PimError("FORBIDDEN", `product ${sku} was not deleted: ${forbidden[0]?.message}`, forbidden);
  const version = expectedVersion ?? existing.version;
  const outcome = await context.models.products.deleteOne({ _id: existing._id, version });
  if (outcome.deletedCount === 0) {
    const current = await context.models.products.findOne({ _id: sku }, { version: 1 }).lean();
    throw new PimError("CONFLICT", `product ${sku} was changed by someone else: it is at version ${current?.version}`, [], {
      currentVersion: current?.version ?? null,
    });
  }
  await recordTombstone(context.models, { sku, deletedAt: new Date(), parent: existing.parent });
  await releaseClaims(sku, existing.claims ?? [], context);
  await context.history.record([
    {
      entityType: "product",
      entityId: sku,
      version: existing.version + 1,
      author: writer.actor,
      at: new Date(),
      action: "delete",
      changes: diffEntities(existing as unknown as Record<string, unknown>, null),
      snapshot: null,
    },
  ]);
}

/** Restores the content a product had at an earlier version; the restore is itself a new version. */
export async function revertProduct(sku: string, version: number, writer: Writer, context: CatalogContext): Promise<ItemResult> {
  const entry = await context.history.snapshotAt("product", sku, version);
  const snapshot = entry?.snapshot as StoredProduct | null | undefined;
  if (!snapshot) throw new PimError("NOT_FOUND", `product ${sku} has no version ${version}`);
  const input: ProductInput = {
    sku,
    family: snapshot.family,
    parent: snapshot.parent,
    categories: snapshot.categories,
    enabled: snapshot.enabled,
    values: toValueEntries(snapshot.values),
    associations: snapshot.associations,
  };
  const [result] = await saveProducts([input], { ...writer, mode: "upsert", action: "revert" }, context);
  if (!result || result.status === "error") throw firstError(result as ItemResult);
  return result;
}
