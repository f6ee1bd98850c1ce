import { packageAttributesSchema } from "../shared/measures.js";

/** Ozon's VAT rates (`vat` of /v3/product/import; 0.22 is Russia's rate from 2026, channel-specs.md §9). */
export const ozonVatRates = ["0", "0.05", "0.07", "0.1", "0.2", "0.22"] as const;
export type OzonVat = (typeof ozonVatRates)[number];

/** How a PIM attribute becomes an Ozon attribute, whose ids are Ozon's own (`/v1/description-category/attribute`). */
export interface OzonAttributeMapping {
  id: number;
  /** Option code → Ozon dictionary value id (`/v1/description-category/attribute/values`); unmapped options go as text. */
  valueIds?: Record<string, number>;
  /** The PIM unit (e.g. GRAM) the Ozon attribute is measured in; a measurement is converted to it. */
  unit?: string;
}

export const ozonPackageNames = ["depth", "width", "height", "weight"] as const;
export type OzonPackageName = (typeof ozonPackageNames)[number];

export interface OzonOptions {
  vat: OzonVat;
  attributes: Record<string, OzonAttributeMapping>;
  packageAttributes: Record<OzonPackageName, string>;
}

const defaultPackageAttributes: Record<OzonPackageName, string> = { depth: "depth", width: "width", height: "height", weight: "weight" };

const ozonId = { type: "integer", minimum: 1, maximum: 9_007_199_254_740_991 } as const;

export const ozonOptionsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["vat"],
  properties: {
    vat: { enum: ozonVatRates, description: "The VAT rate of every product of the channel, as Ozon writes it (0.2 is 20 %)." },
    attributes: {
      type: "object",
      description: "PIM attribute code → Ozon attribute; only the attributes listed here are sent (Ozon's brand is 85, colour 10096).",
      propertyNames: { pattern: "^[a-z][a-z0-9_]{0,99}$" },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: {
          id: ozonId,
          valueIds: { type: "object", additionalProperties: ozonId },
          unit: { type: "string", pattern: "^[A-Z_]{1,30}$" },
        },
      },
    },
    packageAttributes: packageAttributesSchema(
      ozonPackageNames,
      "The PIM measurement attributes holding the packed product's depth, width, height and weight (default: depth, width, height, weight).",
    ),
  },
} as const;

export function ozonOptions(options: Record<string, unknown>): OzonOptions {
  return {
    vat: options.vat as OzonVat,
    attributes: (options.attributes as Record<string, OzonAttributeMapping> | undefined) ?? {},
    packageAttributes: { ...defaultPackageAttributes, ...(options.packageAttributes as Partial<Record<OzonPackageName, string>> | undefined) },
  };
}
