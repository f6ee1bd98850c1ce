import type { Attribute, CatalogDefinitions, Family } from "../definitions.js";
import { isMeasurementFamily, unitsOf } from "../values/measurements.js";

export const decimalStringPattern = "^-?\\d{1,15}(\\.\\d{1,6})?$";
export const skuPattern = "^[^\\s\\u0000-\\u001f\\u007f]+$";
export const maxSkuLength = 255;
export const codePattern = "^[a-z][a-z0-9_]{0,99}$";
export const associationTypes = ["cross_sell", "up_sell", "related", "accessories"] as const;

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a product of one family as integrators get it (GET /schema/families/{code}.json,
 * `familySchema`): standard JSON Schema that a stock validator (Ajv in strict mode, with ajv-formats)
 * compiles. What only the service checks, the GS1 check digit and one price per currency, is said in
 * descriptions instead of our own keywords.
 */
export function familyProductSchema(family: Family, definitions: CatalogDefinitions): JsonSchema {
  return withoutOwnKeywords(familyValidationSchema(family, definitions)) as JsonSchema;
}

const ownKeywordNotes: Record<string, string> = {
  "x-gtin": "A GTIN (8, 12, 13 or 14 digits) whose GS1 check digit is right; the service checks the digit.",
  "x-uniqueCurrencies": "At most one price per currency.",
};

function withoutOwnKeywords(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutOwnKeywords);
  if (typeof schema !== "object" || schema === null) return schema;
  const result: JsonSchema = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const note = ownKeywordNotes[key];
    if (note !== undefined) {
      if (value === true) notes.push(note);
      if (key === "x-gtin" && value === true && !("pattern" in schema)) result.pattern = "^(\\d{8}|\\d{12,14})$";
      continue;
    }
    result[key] = withoutOwnKeywords(value);
  }
  if (notes.length > 0) result.description = [result.description, ...notes].filter(Boolean).join(" ");
  return result;
}

/**
 * The JSON Schema of a product of one family, in the API's value format
 * (`values: {attribute: [{locale, channel, data}]}`), generated from the attribute definitions; the
 * service's own validator also knows the keywords of custom-keywords.ts.
 */
export function familyValidationSchema(family: Family, definitions: CatalogDefinitions): JsonSchema {
  const valueProperties: Record<string, JsonSchema> = {};
  for (const code of family.attributes) {
    const attribute = definitions.attributes.get(code);
    if (!attribute || attribute.type === "identifier") continue;
    valueProperties[code] = valueListSchema(attribute, definitions);
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `https://pim.local/schema/families/${family.code}.json`,
    title: `Product of family ${family.code}`,
    type: "object",
    required: ["sku"],
    additionalProperties: false,
    properties: {
      sku: { type: "string", minLength: 1, maxLength: maxSkuLength, pattern: skuPattern },
      family: { const: family.code },
      parent: { type: ["string", "null"], minLength: 1, maxLength: 255 },
      categories: { type: "array", items: { type: "string", pattern: codePattern }, uniqueItems: true, maxItems: 500 },
      enabled: { type: "boolean" },
      values: { type: "object", additionalProperties: false, properties: valueProperties },
      associations: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          associationTypes.map((type) => [
            type,
            {
              type: "object",
              additionalProperties: false,
              properties: {
                products: { type: "array", items: { type: "string", pattern: skuPattern }, uniqueItems: true, maxItems: 1000 },
                models: { type: "array", items: { type: "string", pattern: skuPattern }, uniqueItems: true, maxItems: 1000 },
              },
            },
          ]),
        ),
      },
    },
  };
}

function valueListSchema(attribute: Attribute, definitions: CatalogDefinitions): JsonSchema {
  return {
    type: "array",
    maxItems: 1000,
    items: {
      type: "object",
      required: ["data", ...(attribute.localizable ? ["locale"] : []), ...(attribute.scopable ? ["channel"] : [])],
      additionalProperties: false,
      properties: {
        locale: attribute.localizable ? { enum: [...definitions.locales.keys()] } : { const: null },
        // A scopable media attribute also takes an all-channels value (null) that a channel's own value overrides, e.g. another main image for Amazon.
        channel: attribute.scopable ? { enum: [...definitions.channels.keys(), ...(attribute.type === "media" ? [null] : [])] } : { const: null },
        data: { anyOf: [{ type: "null" }, dataSchema(attribute, definitions)] },
      },
    },
  };
}

/**
 * One of the given codes. A select created before its options (the usual order of work) has none yet:
 * `enum: []` is not a valid schema and would fail every write of the family, so no code is allowed instead.
 */
function oneOf(codes: string[]): JsonSchema {
  return codes.length > 0 ? { enum: codes } : { not: {} };
}

/** The schema of one value's data; "x-gtin" is our keyword for the GS1 check digit. */
export function dataSchema(attribute: Attribute, definitions: CatalogDefinitions): JsonSchema {
  const c = attribute.constraints;
  switch (attribute.type) {
    case "identifier":
      return { type: "string", minLength: 1, maxLength: 255, pattern: skuPattern };
    case "text":
      if (c.economicOperator) return { type: "string", ...oneOf([...definitions.economicOperators.keys()]) };
      return {
        type: "string",
        maxLength: c.maxLength ?? 255,
        ...(c.pattern ? { pattern: c.pattern } : {}),
        ...(c.gtin ? { "x-gtin": true } : {}),
      };
    case "textarea":
      return { type: "string", maxLength: c.maxLength ?? 65535 };
    case "number":
      return {
        type: c.decimalsAllowed ? "number" : "integer",
        ...(c.min !== undefined ? { minimum: c.min } : {}),
        ...(c.max !== undefined ? { maximum: c.max } : {}),
      };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "simpleselect":
      return oneOf(attribute.options.map((option) => option.code));
    case "multiselect":
      return { type: "array", uniqueItems: true, items: oneOf(attribute.options.map((option) => option.code)) };
    case "price_collection":
      return {
        type: "array",
        "x-uniqueCurrencies": true,
        items: {
          type: "object",
          required: ["amount", "currency"],
          additionalProperties: false,
          properties: {
            amount: { type: "string", pattern: decimalStringPattern },
            currency: oneOf([...definitions.currencies]),
          },
        },
      };
    case "measurement": {
      const family = c.measurementFamily && isMeasurementFamily(c.measurementFamily) ? c.measurementFamily : undefined;
      const units = c.allowedUnits?.length ? c.allowedUnits : family ? unitsOf(family) : [];
      return {
        type: "object",
        required: ["amount", "unit"],
        additionalProperties: false,
        properties: { amount: { type: "string", pattern: decimalStringPattern }, unit: { enum: units } },
      };
    }
    case "media":
      return { type: "array", maxItems: 50, items: { type: "string", minLength: 1, maxLength: 500 } };
    case "url":
      return { type: "string", maxLength: 2048, pattern: "^https?://[^\\s]+$" };
  }
}
