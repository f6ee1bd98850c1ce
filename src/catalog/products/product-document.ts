import type { RawValues } from "../models.js";
import type { CompletenessResult } from "../values/completeness.js";
import type { StoredOffer } from "../../offers/offer.js";

export interface AssociationTargets {
  products: string[];
  models: string[];
}

/** A product as stored. */
export interface StoredProduct {
  /** Same as sku. */
  _id: string;
  sku: string;
  family: string | null;
  parent: string | null;
  categories: string[];
  enabled: boolean;
  values: RawValues;
  associations: Record<string, AssociationTargets>;
  completeness: CompletenessResult[];
  completenessIndex: Record<string, Record<string, number>>;
  /** Lower-cased SKU and labels in every locale, for the text search. */
  searchLabels: string[];
  /** Measurements in standard units and prices per currency as numbers, for range filters (see values/numeric-index.ts). */
  numbers?: Record<string, number>;
  /** What the product sorts by per attribute, locale and channel, inherited values included (see values/numeric-index.ts). */
  sortKeys?: Record<string, string | number | boolean>;
  /** "axis=value|axis=value" for a variant, so siblings with the same axes are found by equality. */
  axisKey: string | null;
  /** The unique values and axis combination this product holds in the claims collection. */
  claims: string[];
  /** Prices and stock, written by src/offers; absent until the first one arrives. */
  offer?: Partial<StoredOffer>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A product model as stored: the shared values of a group of variants. */
export interface StoredProductModel {
  /** Same as code. */
  _id: string;
  code: string;
  family: string;
  familyVariant: string;
  parent: string | null;
  categories: string[];
  values: RawValues;
  associations: Record<string, AssociationTargets>;
  /** As on products: the model's own measurements and prices as numbers, for range filters that see inherited values. */
  numbers?: Record<string, number>;
  axisKey: string | null;
  claims: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The content an editor controls; two documents with equal content are "unchanged". */
export function productContent(product: Pick<StoredProduct, "family" | "parent" | "categories" | "enabled" | "values" | "associations">): string {
  return stableStringify({
    family: product.family,
    parent: product.parent,
    categories: [...product.categories].sort(),
    enabled: product.enabled,
    values: product.values,
    associations: product.associations,
  });
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
