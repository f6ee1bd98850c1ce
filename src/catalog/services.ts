import type { Connection } from "mongoose";
import type { Logger } from "../logger.js";
import type { CatalogContext } from "./catalog-context.js";
import { announcing, CatalogEvents } from "./catalog-events.js";
import { DefinitionsStore } from "./definitions-store.js";
import { HistoryRecorder } from "./history/history.js";
import { ensureCatalogIndexes, registerCatalogModels } from "./models.js";
import { deleteProductModel } from "./products/delete-product-model.js";
import { saveProductModel, type ProductModelInput, type SaveModelOptions } from "./products/save-product-model.js";
import { saveProducts, type SaveOptions } from "./products/save-products.js";
import { deleteProduct, revertProduct, updateProduct, type ProductChanges } from "./products/product-changes.js";
import { countProducts, findProductPage, type ProductFilter, type ProductSort } from "./products/product-query.js";
import { attributeGroupSpec, attributeSpec } from "./reference/attributes.js";
import { categorySpec, deleteCategory } from "./reference/categories.js";
import { familySpec, familyVariantSpec } from "./reference/families.js";
import { previewAxisChange } from "./reference/family-variant-change.js";
import { deleteReferenceEntity } from "./reference/delete-reference-entity.js";
import type { EntityType } from "./history/history.js";
import { channelSpec, currencySpec, localeSpec } from "./reference/locales-currencies-channels.js";
import { saveReferenceEntity, type ReferenceEntitySpec } from "./reference/save-reference-entity.js";
import type { ProductInput } from "./validation/product-validation.js";

export type CatalogServices = ReturnType<typeof createCatalogServices>;

function saver<Input extends { code: string }, Stored>(spec: ReferenceEntitySpec<Input, Stored>, context: CatalogContext, events: CatalogEvents) {
  const codeOf = (input: unknown) => [String((input as { code?: unknown })?.code ?? "")];
  return announcing(events, spec.entityType, codeOf, (input: unknown, actor: string) => saveReferenceEntity(spec, input, actor, context));
}

/** The catalog's use cases, bound to one database connection. */
export function createCatalogServices(connection: Connection, logger: Logger) {
  const models = registerCatalogModels(connection);
  const context: CatalogContext = { connection, models, definitions: new DefinitionsStore(models, connection), history: new HistoryRecorder(models), logger };
  const events = new CatalogEvents();
  const skus = (inputs: ProductInput[]) => inputs.map((p) => p.sku);
  const code = (first: string) => [first];
  return {
    context,
    events,
    models,
    ensureIndexes: () => ensureCatalogIndexes(models),
    definitions: () => context.definitions.current(),
    saveLocale: saver(localeSpec, context, events),
    saveCurrency: saver(currencySpec, context, events),
    saveChannel: saver(channelSpec, context, events),
    saveAttributeGroup: saver(attributeGroupSpec, context, events),
    saveAttribute: saver(attributeSpec, context, events),
    saveFamily: saver(familySpec, context, events),
    saveFamilyVariant: saver(familyVariantSpec, context, events),
    saveCategory: saver(categorySpec, context, events),
    deleteCategory: announcing(events, "category", code, (code: string, actor: string) => deleteCategory(code, actor, context)),
    deleteReferenceEntity: (type: Parameters<typeof deleteReferenceEntity>[0], code: string, actor: string) =>
      announcing(events, type, () => [code], () => deleteReferenceEntity(type, code, actor, context))(),
    history: (type: EntityType, code: string) => context.history.list(type, code),
    previewFamilyVariantChange: (input: unknown) => previewAxisChange(input, context),
    saveProducts: announcing(events, "product", skus, (inputs: ProductInput[], options: SaveOptions) => saveProducts(inputs, options, context)),
    updateProduct: announcing(events, "product", code, (sku: string, changes: ProductChanges, expectedVersion: number | undefined, actor: string) =>
      updateProduct(sku, changes, expectedVersion, actor, context),
    ),
    deleteProduct: announcing(events, "product", code, (sku: string, expectedVersion: number | undefined, actor: string) => deleteProduct(sku, expectedVersion, actor, context)),
    revertProduct: announcing(events, "product", code, (sku: string, version: number, actor: string) => revertProduct(sku, version, actor, context)),
    findProductPage: (filter: ProductFilter, sort: ProductSort, first: number, after?: string | null) => findProductPage(filter, sort, first, after, context),
    countProducts: (filter: ProductFilter) => countProducts(filter, context),
    saveProductModel: announcing(events, "product_model", (input: ProductModelInput) => [input.code], (input: ProductModelInput, options: SaveModelOptions) =>
      saveProductModel(input, options, context),
    ),
    deleteProductModel: announcing(events, "product_model", code, (code: string, actor: string) => deleteProductModel(code, actor, context)),
  };
}
