import { expect } from "vitest";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";

/**
 * JSON Lines read strictly: a line feed after every record and nowhere else between them (no CR, no blank
 * line), each line one whole JSON object, valid against `itemSchema` (under schema/) when one is named.
 */
export function parseJsonLines<Item>(text: string, itemSchema?: string): Item[] {
  expect(text.endsWith("\n")).toBe(true);
  expect(text).not.toMatch(/\r|\n\n/);
  const validate = itemSchema ? staticSchemaValidator<Item>(itemSchema) : null;
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, index) => {
      const item: unknown = JSON.parse(line);
      expect(typeof item === "object" && item !== null && !Array.isArray(item), `line ${index + 1}`).toBe(true);
      if (validate && !validate(item)) throw new Error(`line does not fit the item schema: ${JSON.stringify(validate.errors)}: ${line.slice(0, 200)}`);
      return item as Item;
    });
}
