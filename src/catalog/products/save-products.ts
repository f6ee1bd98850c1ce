import { unorderedBulkWrite } from "../../database/bulk-write.js";
import { randomUUID } from "node:crypto";
import type { FieldProblem, PimErrorCode } from "../../errors.js";
import { idFilter } from "../../database/id-filter.js";
import type { CatalogContext } from "../catalog-context.js";
import { diffEntities, type HistoryEntry } from "../history/history.js";
import type { ProductInput } from "../validation/product-validation.js";
import { saveWithProtocol, type SaveFailure, type SaveItem } from "./save-protocol.js";
import { prepareProduct, type ProductDraft } from "./prepare-product.js";
import type { StoredProduct, StoredProductModel } from "./product-document.js";
import { guardedState, guardProblems, type Writer } from "../write-guard.js";
import { yieldSlices } from "../../yield-slices.js";
import { forgetTombstones } from "./tombstones.js";
import { loadReferenceSets } from "./write-context.js";
import { loadAncestorChains } from "../read/ancestry.js";

export type SaveMode = "create" | "update" | "upsert";
export type ItemStatus = "created" | "updated" | "unchanged" | "error";

export interface ItemResult {
  sku: string;
  status: ItemStatus;
  product?: StoredProduct;
  version?: number;
  warnings: string[];
  errorCode?: PimErrorCode;
  errors: FieldProblem[];
}

export interface SaveOptions extends Writer {
  mode: SaveMode;
  /** sku → the version the editor's change was based on (optimistic concurrency). */
  expectedVersions?: ReadonlyMap<string, number>;
  action?: "create" | "update" | "revert";
  /** The stored products when the caller has just read them, saving a second read. */
  existing?: StoredProduct[];
  /** Checks every item and tells what saving would do (created, updated, unchanged, error) without writing; uniqueness against other products is not checked. */
  validateOnly?: boolean;
}

const errorResult = (sku: string, code: PimErrorCode, errors: FieldProblem[], version?: number): ItemResult => ({
  sku,
  status: "error",
  errorCode: code,
  errors,
  warnings: [],
  ...(version !== undefined ? { version } : {}),
});

/**
 * The one write path for products, single or bulk: validates every item, then writes the good ones
 * in a few round trips, never failing the batch for one bad item.
 */
export async function saveProducts(inputs: ProductInput[], options: SaveOptions, context: CatalogContext): Promise<ItemResult[]> {
  const now = new Date();
  const definitions = await context.definitions.current();
  const skus = inputs.map((input) => input.sku).filter((sku): sku is string => typeof sku === "string");
  const existingList = options.existing ?? ((await context.models.products.find(idFilter(skus)).lean()) as unknown as StoredProduct[]);
  const existingBySku = new Map(existingList.map((p) => [p.sku, p]));
  const parentCodes = inputs.map((input) => (input.parent === undefined ? existingBySku.get(input.sku)?.parent : input.parent) ?? null);
  const parentsBefore = existingList.map((product) => product.parent);
  const [chains, references] = await Promise.all([loadAncestorChains([...parentCodes, ...parentsBefore], context.models), loadReferenceSets(inputs, context)]);

  const results: ItemResult[] = new Array(inputs.length);
  const drafts = new Map<number, Draft>();
  const seen = new Set<string>();
  const breathe = yieldSlices();
  for (const [index, input] of inputs.entries()) {
    await breathe();
    const sku = typeof input.sku === "string" ? input.sku : "";
    const existing = existingBySku.get(sku) ?? null;
    if (seen.has(sku)) {
      results[index] = errorResult(sku, "BAD_USER_INPUT", [{ path: ["sku"], message: `sku ${sku} appears twice in this batch` }]);
      continue;
    }
    seen.add(sku);
    if (options.mode === "create" && existing) {
      results[index] = errorResult(sku, "CONFLICT", [{ path: ["sku"], message: `a product with sku ${sku} already exists` }], existing.version);
      continue;
    }
    if (options.mode === "update" && !existing) {
      results[index] = errorResult(sku, "NOT_FOUND", [{ path: ["sku"], message: `product ${sku} does not exist` }]);
      continue;
    }
    const expected = options.expectedVersions?.get(sku);
    if (expected !== undefined && existing && expected !== existing.version) {
      results[index] = errorResult(
        sku,
        "CONFLICT",
        [
          {
            path: ["expectedVersion"],
            message: `product ${sku} was changed by someone else: it is at version ${existing.version}, the change was based on version ${expected}`,
          },
        ],
        existing.version,
      );
      continue;
    }
    const parent = parentCodes[index];
    const prepared = prepareProduct(input, { definitions, existing, ancestors: parent ? (chains.get(parent) ?? null) : [], ...references, now });
    if (!prepared.ok) results[index] = errorResult(sku, "BAD_USER_INPUT", prepared.problems);
    else if (prepared.unchanged && existing)
      results[index] = { sku, status: "unchanged", product: existing, version: existing.version, warnings: prepared.warnings, errors: [] };
    else drafts.set(index, { draft: prepared.product, claims: prepared.claims, warnings: prepared.warnings, existing });
  }
  await refuseForbidden(drafts, results, options, chains);
  if (options.validateOnly) {
    for (const [index, { draft, warnings, existing }] of drafts)
      results[index] = { sku: draft.sku, status: existing ? "updated" : "created", product: draft, version: draft.version, warnings, errors: [] };
    return results;
  }

  const items = [...drafts].map(
    ([index, { draft, claims, existing }]): SaveItem => ({
      key: index,
      kind: "product",
      code: draft.sku,
      claims,
      previousClaims: existing?.claims ?? [],
      history: historyEntry(draft, existing, options, now),
    }),
  );
  const failures = await saveWithProtocol(
    items,
    (writing) =>
      writeDrafts(
        writing.map((item) => item.key),
        drafts,
        context,
      ),
    context,
  );
  for (const [index, { draft, warnings, existing }] of drafts) {
    const failure = failures.get(index);
    results[index] = failure
      ? errorResult(draft.sku, failure.code, failure.problems, failure.currentVersion ?? (failure.code === "CONFLICT" ? draft.version : undefined))
      : { sku: draft.sku, status: existing ? "updated" : "created", product: draft, version: draft.version, warnings, errors: [] };
  }
  await forgetTombstones(
    context.models,
    results.filter((r) => r.status === "created").map((r) => r.sku),
  );
  return results;
}

type Draft = { draft: ProductDraft; claims: string[]; warnings: string[]; existing: StoredProduct | null };

/** Items the writer's guard refuses become FORBIDDEN results and leave the write, before anything is stored. */
async function refuseForbidden(drafts: Map<number, Draft>, results: ItemResult[], writer: Writer, chains: Map<string, StoredProductModel[]>): Promise<void> {
  const order = [...drafts.keys()];
  const ancestorsOf = (product: StoredProduct) => (product.parent ? (chains.get(product.parent) ?? []) : []);
  const verdicts = await guardProblems(
    writer,
    order.map((index) => {
      const { draft, existing } = drafts.get(index) as Draft;
      return {
        kind: "product",
        code: draft.sku,
        before: existing && guardedState(existing, ancestorsOf(existing)),
        after: guardedState(draft, ancestorsOf(draft)),
      };
    }),
  );
  order.forEach((index, position) => {
    const problems = verdicts[position] ?? [];
    if (problems.length === 0) return;
    results[index] = errorResult((drafts.get(index) as Draft).draft.sku, "FORBIDDEN", problems);
    drafts.delete(index);
  });
}

/** SKU, creation time (a SKU deleted and created again starts a new line of versions) and version. */
export function productHistoryId(draft: Pick<StoredProduct, "sku" | "createdAt" | "version">): string {
  return `product:${draft.sku}:${draft.createdAt.getTime()}:${draft.version}`;
}

/** The history entry whose insertion reserves the draft's new version. */
function historyEntry(draft: ProductDraft, existing: StoredProduct | null, options: SaveOptions, now: Date): HistoryEntry {
  return {
    _id: productHistoryId(draft),
    entityType: "product",
    entityId: draft.sku,
    version: draft.version,
    author: options.actor,
    at: now,
    action: options.action ?? (existing ? "update" : "create"),
    changes: diffEntities(existing as unknown as Record<string, unknown> | null, draft as unknown as Record<string, unknown>),
    snapshot: draft,
  };
}

/** Writes the drafts in one bulk round trip; returns why some were not written. */
async function writeDrafts(order: number[], drafts: Map<number, Draft>, context: CatalogContext): Promise<Map<number, SaveFailure>> {
  const failed = new Map<number, SaveFailure>();
  const writeIds = new Map(order.map((index) => [index, randomUUID()]));
  const operations = order.map((index) => {
    const { draft, existing } = drafts.get(index) as { draft: ProductDraft; existing: StoredProduct | null };
    const document = { ...draft, writeId: writeIds.get(index) };
    return existing
      ? // The reserved history version already excludes every other writer, so a bare _id filter is enough.
        // $set of the content fields, not a replacement, so the offer (stock, prices) written meanwhile by another path survives.
        { updateOne: { filter: { _id: existing._id }, update: { $set: withoutId(document) } } }
      : { insertOne: { document } };
  });
  const written = await unorderedBulkWrite(context.models.products.collection, operations as never);
  const failures = new Map(written.writeErrors.map((e) => [e.index, e.code]));
  const matched = written.matchedCount;
  const replacements = order.filter((index) => drafts.get(index)?.existing).length;
  if (failures.size === 0 && matched === replacements) return failed;
  // Only after a surprise (a product deleted meanwhile, a duplicate SKU): each write carries a fresh
  // id, and reading it back tells which items were not written.
  const stored = await context.models.products.collection
    .find(idFilter(order.map((index) => (drafts.get(index) as Draft).draft.sku)) as never, { projection: { sku: 1, version: 1, writeId: 1 } })
    .toArray();
  const storedBySku = new Map(stored.map((doc) => [doc.sku as string, doc as unknown as { version: number; writeId?: string }]));
  order.forEach((index, position) => {
    const { draft } = drafts.get(index) as { draft: ProductDraft };
    const current = storedBySku.get(draft.sku);
    const failure = failures.get(position);
    if (current?.writeId === writeIds.get(index)) return;
    failed.set(
      index,
      failure === 11000
        ? {
            code: "CONFLICT",
            problems: [{ path: ["sku"], message: `a product with sku ${draft.sku} already exists` }],
            ...(current ? { currentVersion: current.version } : {}),
          }
        : failure !== undefined
          ? { code: "INTERNAL_SERVER_ERROR", problems: [{ path: [], message: "the product could not be written" }] }
          : {
              code: "CONFLICT",
              problems: [
                { path: ["expectedVersion"], message: `product ${draft.sku} was changed by someone else while saving; it is at version ${current?.version}` },
              ],
              ...(current ? { currentVersion: current.version } : {}),
            },
    );
  });
  return failed;
}

function withoutId<T extends { _id?: unknown }>(document: T): Omit<T, "_id"> {
  const { _id: _ignored, ...rest } = document;
  return rest;
}
