import type { Attribute } from "../../catalog/definitions.js";
import { own } from "../../own-key.js";

/** One cell's text as attribute data; an empty cell is null (the value is removed, as in Akeneo). */
export type CellData = { data: unknown } | { problem: string };

/** Spaces a spreadsheet or a person puts between thousands: space, no-break space, narrow no-break space, apostrophe. */
const groupSpaces = /[ \u00A0\u202F']/;

/**
 * A number as people write it in spreadsheets of any locale, as a plain decimal string ("1250.5"), or
 * why it cannot be read. "1 250", "1 250,5", "1.250,5" and "1,250.5" are read by their conventions:
 * groups of three digits after each thousands separator, one decimal separator last. "1,250" and
 * "1.250" could be either (1250 or 1.25) and are refused rather than guessed.
 */
export function parseDecimal(text: string): { decimal: string } | { problem: string } {
  const trimmed = text.trim();
  const refuse = (why: string) => ({ problem: `"${trimmed}" ${why}` });
  const match = /^(-?)([\d \u00A0\u202F'.,]+)$/.exec(trimmed);
  if (!match || !/\d/.test(trimmed)) return refuse("is not a number");
  const [, sign, body] = match as unknown as [string, string, string];
  const lastDot = body.lastIndexOf(".");
  const lastComma = body.lastIndexOf(",");
  const separators = (body.match(/[.,]/g) ?? []).length;
  // The decimal separator is the last of "." and "," when both appear, or the only one when it appears once.
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) decimalAt = Math.max(lastDot, lastComma);
  else if (separators === 1) decimalAt = Math.max(lastDot, lastComma);
  const integer = decimalAt >= 0 ? body.slice(0, decimalAt) : body;
  const fraction = decimalAt >= 0 ? body.slice(decimalAt + 1) : "";
  if (decimalAt >= 0 && !/^\d+$/.test(fraction)) return refuse("is not a number");
  const grouped = /[ \u00A0\u202F'.,]/.test(integer);
  if (grouped) {
    const groups = integer.split(/[ \u00A0\u202F'.,]/);
    const separatorsUsed = new Set(integer.match(/[ \u00A0\u202F'.,]/g));
    if (separatorsUsed.size > 1 || groups.some((group, i) => !/^\d+$/.test(group) || (i > 0 && group.length !== 3) || (i === 0 && group.length > 3))) {
      return refuse("has thousands separators in the wrong places; write it as 1250.5 or 1 250,5");
    }
  } else if (!/^\d+$/.test(integer)) return refuse("is not a number");
  if (!grouped && decimalAt >= 0 && fraction.length === 3 && separators === 1 && /^[1-9]\d{0,2}$/.test(integer) && !groupSpaces.test(body)) {
    return refuse(
      `could be ${integer}${fraction} or ${integer}.${fraction}; write it without a thousands separator (${integer}${fraction}) or with more decimals`,
    );
  }
  const digits = integer.replace(/\D/g, "");
  return { decimal: `${sign}${digits}${fraction ? `.${fraction}` : ""}` };
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
      const parsed = parseDecimal(trimmed);
      return "problem" in parsed ? parsed : { data: Number(parsed.decimal) };
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
