import type { FieldName } from "../../src/feeds/channel-export-settings.js";
import type { AttributeText } from "../../src/feeds/channel-product.js";
import type { ChannelProduct } from "../types.js";
import { plainText } from "./text-safety.js";

/** Fields a product document shows on their own; the attributes behind them stay out of its specification list. */
const shownOnTheirOwn: readonly FieldName[] = [
  "title",
  "description",
  "shortDescription",
  "brand",
  "gtin",
  "mpn",
  "condition",
  "price",
  "salePrice",
  "images",
  "link",
  "availability",
  "availabilityDate",
];

export interface SpecAttribute {
  code: string;
  label: string;
  /** Plain text; a number without its unit when it has one. */
  value: string;
  unit: string | null;
}

/** The product's attributes for a specification table, in the catalog's order. */
export function specAttributes(product: ChannelProduct): SpecAttribute[] {
  const shown = new Set<string>();
  for (const field of shownOnTheirOwn) {
    const origin = product.fields[field]?.origin;
    if (origin?.source === "attribute") shown.add(origin.attribute);
  }
  return product
    .attributes()
    .filter((attribute) => !shown.has(attribute.code))
    .map((attribute: AttributeText) => ({
      code: attribute.code,
      label: attribute.label,
      value: plainText(attribute.unit ? attribute.raw : attribute.text),
      unit: attribute.unit,
    }))
    .filter((attribute) => attribute.value !== "");
}
