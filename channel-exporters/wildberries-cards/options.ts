import { packageAttributesSchema } from "../shared/measures.js";

/** How a PIM attribute becomes a Wildberries characteristic, whose ids are WB's own (`/content/v2/object/charcs/{subjectId}`). */
export interface CharacteristicMapping {
  id: number;
  /** Option code → WB's word for it (WB's dictionaries hold words, e.g. navy → "темно-синий"); unmapped options go as the attribute's words. */
  values?: Record<string, string>;
  /** The PIM unit (e.g. GRAM) of a numeric characteristic; a measurement is converted to it and sent as a number. */
  unit?: string;
  /** A numeric characteristic (WB's charcType 4) read from a number attribute. */
  number?: boolean;
}

export const wildberriesPackageNames = ["length", "width", "height", "weightBrutto"] as const;
export type WildberriesPackageName = (typeof wildberriesPackageNames)[number];

export interface WildberriesOptions {
  characteristics: Record<string, CharacteristicMapping>;
  descriptionLength: number;
  russianSizes: Record<string, string>;
  packageAttributes: Record<WildberriesPackageName, string>;
}

const defaultPackageAttributes: Record<WildberriesPackageName, string> = { length: "depth", width: "width", height: "height", weightBrutto: "weight" };

/** WB's standard description length; a category allows from 1000 to 5000 characters (cards upload, `description`). */
const standardDescriptionLength = 2000;

export const wildberriesOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    characteristics: {
      type: "object",
      description: "PIM attribute code → Wildberries characteristic; only the attributes listed here are sent (WB's colour is 14177449).",
      propertyNames: { pattern: "^[a-z][a-z0-9_]{0,99}$" },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["id"],
        properties: {
          id: { type: "integer", minimum: 1, maximum: 2147483647 },
          values: { type: "object", additionalProperties: { type: "string", minLength: 1, maxLength: 500 } },
          unit: { type: "string", pattern: "^[A-Z_]{1,30}$" },
          number: { type: "boolean" },
        },
      },
    },
    descriptionLength: {
      type: "integer",
      minimum: 1000,
      maximum: 5000,
      description: "The longest description the channel's subjects take: 2000 as standard, from 1000 to 5000 by category.",
    },
    russianSizes: {
      type: "object",
      description: "The size as sent in techSize (e.g. M) → its Russian size (wbSize, e.g. 48); left out where not listed.",
      additionalProperties: { type: "string", minLength: 1, maxLength: 20 },
    },
    packageAttributes: packageAttributesSchema(
      wildberriesPackageNames,
      "The PIM measurement attributes holding the packed product's length, width, height and weight (default: depth, width, height, weight).",
    ),
  },
} as const;

export function wildberriesOptions(options: Record<string, unknown>): WildberriesOptions {
  return {
    characteristics: (options.characteristics as Record<string, CharacteristicMapping> | undefined) ?? {},
    descriptionLength: typeof options.descriptionLength === "number" ? options.descriptionLength : standardDescriptionLength,
    russianSizes: (options.russianSizes as Record<string, string> | undefined) ?? {},
    packageAttributes: {
      ...defaultPackageAttributes,
      ...(options.packageAttributes as Partial<Record<WildberriesPackageName, string>> | undefined),
    },
  };
}
