import type { Attribute } from "../../catalog/definitions.js";
import { own } from "../../own-key.js";

/** One cell's text as attribute data; an empty cell is null (the value is removed, as in Akeneo). */
export type CellData = { data: unknown } | { problem: string };

const decimal = /^-?\d+(\.\d+)?$/;

/** "12,5" from a spreadsheet set to a comma-decimal locale reads as 12.5; thousands separators are not guessed. */
export function normalizeDecimal(text: string): string {
  const trimmed = text.trim();
  return trimmed.includes(",") && !trimmed.includes(".") ? trimmed.replace(",", ".") : trimmed;
}

export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

const booleans: Record<string, boolean> = { "1": true, true: true, yes: true, "0": false, false: false, no: false };

export function parseBoolean(text: string): boolean | undefined {
  return own(booleans, text.trim().toLowerCase());
}

export function parseCell(attribute: Attribute, text: string): CellData {
  const trimmed = text.trim();
  if (trimmed === "") return { data: null };
  switch (attribute.type) {
    case "number": {
      const normalized = normalizeDecimal(trimmed);
      return decimal.test(normalized) ? { data: Number(normalized) } : { problem: `"${trimmed}" is not a number` };
    }
    case "boolean": {
      const value = parseBoolean(trimmed);
      return value === undefined ? { problem: `"${trimmed}" is not a yes/no value (1, 0, true, false, yes, no)` } : { data: value };
    }
    case "multiselect":
    case "media":
      return { data: splitList(trimmed) };
    case "textarea":
      // Long texts keep their inner whitespace and line breaks; only the cell's padding goes.
      return { data: text.replace(/^\s+|\s+$/g, "") };
    default:
      return { data: trimmed };
  }
}

/** Attribute data as cell text, the inverse of parseCell; prices and measurements are written by their own columns. */
export function formatCell(attribute: Attribute, data: unknown): string {
  if (data === null || data === undefined) return "";
  if (attribute.type === "boolean") return data ? "1" : "0";
  if (Array.isArray(data)) return data.map(String).join(",");
  if (typeof data === "object") return JSON.stringify(data);
  return String(data);
}
