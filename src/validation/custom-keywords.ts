import type { Ajv } from "ajv";
import { isValidGtin } from "../catalog/values/gtin.js";

/** Keywords our generated schemas use; other validators ignore "x-" keywords, ours enforce them. */
export function addCustomKeywords(ajv: Ajv): void {
  // An annotation: where a configuration variable goes (schema/config.schema.json); nothing to check.
  ajv.addKeyword({ keyword: "x-setting", schemaType: "string" });
  ajv.addKeyword({
    keyword: "x-gtin",
    type: "string",
    schemaType: "boolean",
    errors: false,
    validate: (enabled: boolean, data: string) => !enabled || isValidGtin(data),
  });
  ajv.addKeyword({
    keyword: "x-uniqueCurrencies",
    type: "array",
    schemaType: "boolean",
    errors: false,
    validate: (enabled: boolean, data: Array<{ currency?: unknown }>) => {
      if (!enabled) return true;
      const currencies = data.map((price) => price?.currency);
      return new Set(currencies).size === currencies.length;
    },
  });
}
