import type { Connection } from "mongoose";
import type { Logger } from "../logger.js";
import type { CatalogContext } from "./catalog-context.js";
import { announcing, CatalogEvents } from "./catalog-events.js";
import { DefinitionsStore } from "./definitions-store.js";
import { HistoryRecorder } from "./history/history.js";
import { ensureCatalogIndexes, registerCatalogModels } from "./models.js";
import { CompletenessQueue } from "./products/completeness-queue.js";
import { refreshCompleteness } from "./products/completeness-refresh.js";
import { deleteProductModel } from "./products/delete-product-model.js";
import { saveProductModel, type ProductModelInput, type SaveModelOptions } from "./products/save-product-model.js";
import { saveProducts, type SaveOptions } from "./products/save-products.js";
import { deleteProduct, revertProduct, updateProduct, upsertProducts, type ProductChanges } from "./products/product-changes.js";
import type { WriteMode } from "./write-mode.js";
import { countModels, findModelPage, type ModelSortField, type ProductModelFilter } from "./products/model-query.js";
import { countProducts, findProductPage, type ProductFilter, type ProductSort } from "./products/product-query.js";
import { modelsInTrees, treeOf } from "./read/categories.js";
import { attributeGroupSpec, attributeSpec } from "./reference/attributes.js";
import { categorySpec, deleteCategory } from "./reference/categories.js";
import { familySpec, familyVariantSpec } from "./reference/families.js";
import { previewAxisChange } from "./reference/family-variant-change.js";
import { deleteReferenceEntity } from "./reference/delete-reference-entity.js";
import type { EntityType } from "./history/history.js";
import { channelSpec, currencySpec, localeSpec } from "./reference/locales-currencies-channels.js";
import { saveReferenceEntity, type ReferenceEntitySpec } from "./reference/save-reference-entity.js";
import type { ProductInput } from "./validation/product-validation.js";
import type { Writer } from "./write-guard.js";
import { ChangeLog } from "../events/change-log.js";
import { catalogPayloadReader } from "./read/event-payloads.js";
import { createCatalogReader } from "./read/catalog-reader.js";
import { createCatalogLoaders } from "./read/loaders.js";
import { writeOfferPaths } from "./products/offer-writes.js";
import { refreshCompletenessInBackground } from "./products/completeness-job.js";
import type { BackgroundJobs } from "../jobs/background-jobs.js";
import { setPrices, setStock, type PriceUpdate, type StockUpdate } from "../offers/offer-updates.js";
import type { PromotionDoc } from "./models.js";
import { promotionSpec, stockLocationSpec, type PromotionInput } from "./reference/stock-locations-promotions.js";
import { economicOperatorSpec } from "./reference/economic-operators.js";

export type CatalogServices = ReturnType<typeof createCatalogServices>;

function saver<Input extends { code: string }, Stored>(
  spec: ReferenceEntitySpec<Input, Stored>,
  context: CatalogContext,
  events: CatalogEvents,
  changeLog: ChangeLog,
) {
  const codeOf = (input: unknown) => [String((input as { code?: unknown })?.code ?? "")];
  return announcing(events, changeLog, spec.entityType, codeOf, (input: unknown, actor: string, writeMode: WriteMode = "replace") =>
    saveReferenceEntity(spec, input, actor, context, { writeMode }),
  );
}

/** The catalog's use cases, bound to one database connection. */
export function createCatalogServices(connection: Connection, logger: Logger) {
  const models = registerCatalogModels(connection);
  const completeness = new CompletenessQueue(connection, (filter) => refreshCompleteness(context, filter), logger);
  const context: CatalogContext = {
    connection,
    models,
    definitions: new DefinitionsStore(models, connection),
    history: new HistoryRecorder(models),
    logger,
    completeness,
  };
  const events = new CatalogEvents();
  const changeLog = new ChangeLog(
    connection,
    catalogPayloadReader(models, () => context.definitions.current()),
    logger,
  );
  const skus = (inputs: ProductInput[]) => inputs.map((p) => p.sku);
  const code = (first: string) => [first];
  const offerDeps = {
    definitions: () => context.definitions.current(),
    writePaths: (pathsBySku: Map<string, Record<string, unknown>>, at: Date) => writeOfferPaths(pathsBySku, at, models),
    history: connection.collection("offer_history"),
    changeLog,
    announce: (skus: string[]) => events.emit("change", { type: "offer", codes: skus }),
  };
  /** Journals a promotion change before writing it, with the promotion as it was; its state after is read when publishing. */
  const promotionChange = async (code: string, channelsAfter: string[] | null, write: () => Promise<unknown>) => {
    const before = await models.promotions.findById(code).lean();
    const limits = [before?.channels ?? null, channelsAfter].filter((channels): channels is string[] => channels !== null);
    const channels = limits.some((list) => list.length === 0) ? [] : [...new Set(limits.flat())];
    await changeLog.around({ type: "promotion.changed", subjects: [code], channels, data: { before } }, write);
    events.emit("change", { type: "promotion", codes: [code] });
  };
  return {
    connection,
    events,
    changeLog,
    completeness,
    /** Reads for everything outside the catalog: nothing else touches its collections. */
    read: createCatalogReader(context),
    /** One request's batching loaders, limited to the category trees a key may read (null: all). */
    loaders: (readableTrees: string[] | null) => createCatalogLoaders(context, readableTrees),
    ensureIndexes: () => ensureCatalogIndexes(models),
    /** Completeness and derived fields are refreshed as a background job (see completeness-job.ts). */
    refreshInBackground: (jobs: BackgroundJobs) => refreshCompletenessInBackground(context, jobs),
    definitions: () => context.definitions.current(),
    saveLocale: saver(localeSpec, context, events, changeLog),
    saveCurrency: saver(currencySpec, context, events, changeLog),
    saveChannel: saver(channelSpec, context, events, changeLog),
    saveAttributeGroup: saver(attributeGroupSpec, context, events, changeLog),
    saveAttribute: saver(attributeSpec, context, events, changeLog),
    saveFamily: saver(familySpec, context, events, changeLog),
    saveFamilyVariant: saver(familyVariantSpec, context, events, changeLog),
    saveCategory: saver(categorySpec, context, events, changeLog),
    saveStockLocation: saver(stockLocationSpec, context, events, changeLog),
    saveEconomicOperator: saver(economicOperatorSpec, context, events, changeLog),
    savePromotion: async (input: unknown, actor: string) => {
      let saved: Awaited<ReturnType<typeof saveReferenceEntity<PromotionInput, PromotionDoc>>> | undefined;
      const { code, channels } = (input ?? {}) as { code?: unknown; channels?: unknown };
      const channelsAfter = Array.isArray(channels) ? channels.map(String) : [];
      await promotionChange(String(code ?? ""), channelsAfter, async () => (saved = await saveReferenceEntity(promotionSpec, input, actor, context)));
      return saved as NonNullable<typeof saved>;
    },
    deleteCategory: announcing(events, changeLog, "category", code, (code: string, actor: string) => deleteCategory(code, actor, context)),
    deleteReferenceEntity: (type: Parameters<typeof deleteReferenceEntity>[0], code: string, actor: string) =>
      type === "promotion"
        ? promotionChange(code, null, () => deleteReferenceEntity(type, code, actor, context))
        : announcing(
            events,
            changeLog,
            type,
            () => [code],
            () => deleteReferenceEntity(type, code, actor, context),
          )(),
    history: (type: EntityType, code: string) => context.history.list(type, code),
    /** The root of each named category's tree; unknown categories are left out. */
    categoryRoots: async (codes: string[]): Promise<Map<string, string>> => {
      const found = await models.categories.find({ _id: { $in: codes } }, { ancestors: 1 }).lean();
      return new Map(found.map(({ _id, ancestors }) => [String(_id), treeOf({ code: String(_id), ancestors })]));
    },
    /** The checks a save makes, writing nothing: an import's dry run and its check before each row. */
    validateProducts: (inputs: ProductInput[], options: Omit<SaveOptions, "validateOnly">) => saveProducts(inputs, { ...options, validateOnly: true }, context),
    validateProductModel: (input: ProductModelInput, options: Omit<SaveModelOptions, "validateOnly">) =>
      saveProductModel(input, { ...options, validateOnly: true }, context),
    validateReferenceEntity: <Input extends { code: string }, Stored>(spec: ReferenceEntitySpec<Input, Stored>, input: unknown, actor: string) =>
      saveReferenceEntity(spec, input, actor, context, { validateOnly: true }),
    previewFamilyVariantChange: (input: unknown) => previewAxisChange(input, context),
    saveProducts: announcing(events, changeLog, "product", skus, (inputs: ProductInput[], options: SaveOptions) => saveProducts(inputs, options, context)),
    upsertProducts: announcing(events, changeLog, "product", skus, (inputs: ProductInput[], writeMode: WriteMode, writer: Writer) =>
      upsertProducts(inputs, writeMode, writer, context),
    ),
    updateProduct: announcing(events, changeLog, "product", code, (sku: string, changes: ProductChanges, expectedVersion: number | undefined, writer: Writer) =>
      updateProduct(sku, changes, expectedVersion, writer, context),
    ),
    deleteProduct: announcing(
      events,
      changeLog,
      "product",
      code,
      (sku: string, expectedVersion: number | undefined, writer: Writer) => deleteProduct(sku, expectedVersion, writer, context),
      { deletes: true },
    ),
    revertProduct: announcing(events, changeLog, "product", code, (sku: string, version: number, writer: Writer) =>
      revertProduct(sku, version, writer, context),
    ),
    findProductPage: (filter: ProductFilter, sort: ProductSort, first: number, after?: string | null) => findProductPage(filter, sort, first, after, context),
    countProducts: (filter: ProductFilter) => countProducts(filter, context),
    findModelPage: (filter: ProductModelFilter, sort: { field: ModelSortField; direction: "ASC" | "DESC" }, first: number, after?: string | null) =>
      findModelPage(filter, sort, first, after, context),
    countModels: (filter: ProductModelFilter) => countModels(filter, context),
    modelsInTrees: (trees: string[]) => modelsInTrees(trees, models),
    saveProductModel: announcing(
      events,
      changeLog,
      "product_model",
      (input: ProductModelInput) => [input.code],
      (input: ProductModelInput, options: SaveModelOptions) => saveProductModel(input, options, context),
    ),
    deleteProductModel: announcing(events, changeLog, "product_model", code, (code: string, writer: Writer) => deleteProductModel(code, writer, context), {
      deletes: true,
    }),
    setStock: (updates: StockUpdate[], actor: string) => setStock(updates, actor, offerDeps),
    setPrices: (updates: PriceUpdate[], actor: string) => setPrices(updates, actor, offerDeps),
  };
}
