import { idFilter } from "../../database/id-filter.js";
import type { CatalogModels } from "../models.js";

export interface ProductTombstone {
  sku: string;
  deletedAt: Date;
  parent: string | null;
}

/** Remembers that a product was deleted, for change feeds that must tell their clients to drop it. */
export async function recordTombstone(models: CatalogModels, tombstone: ProductTombstone): Promise<void> {
  await models.productTombstones.updateOne({ _id: tombstone.sku }, { $set: { deletedAt: tombstone.deletedAt, parent: tombstone.parent } }, { upsert: true });
}

/** A SKU created again is a product again: its old tombstone would tell clients to delete it. */
export async function forgetTombstones(models: CatalogModels, skus: readonly string[]): Promise<void> {
  if (skus.length > 0) await models.productTombstones.deleteMany(idFilter(skus));
}
