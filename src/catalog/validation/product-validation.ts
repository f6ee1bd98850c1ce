import type { ErrorObject, ValidateFunction } from "ajv";
import type { FieldProblem } from "../../errors.js";
import { linearAjv } from "../../validation/json-schemas.js";
import type { Attribute, CatalogDefinitions, Family } from "../definitions.js";
import { familyValidationSchema } from "./family-schema.js";
import { amountProblem } from "../../offers/money.js";

export interface ValueEntry {
  /** null or absent for values of attributes that are not localizable */
  locale?: string | null;
  /** null or absent for values of attributes that are not scopable */
  channel?: string | null;
  data: unknown;
}

/** A product as the API and imports send it: values per attribute as a list of locale/channel entries. */
export interface ProductInput {
  sku: string;
  family?: string | null;
  parent?: string | null;
  categories?: string[];
  enabled?: boolean;
  values?: Record<string, ValueEntry[]>;
  associations?: Record<string, { products?: string[]; models?: string[] }>;
}

const validatorCache = new Map<string, { generation: number; validate: ValidateFunction }>();

function familyValidator(family: Family, definitions: CatalogDefinitions): ValidateFunction {
  const cached = validatorCache.get(family.code);
  if (cached && cached.generation === definitions.generation) return cached.validate;
  const schema = familyValidationSchema(family, definitions);
  linearAjv.removeSchema(schema.$id as string);
  const validate = linearAjv.compile(schema);
  validatorCache.set(family.code, { generation: definitions.generation, validate });
  return validate;
}

/** Checks a product payload against its family's schema and explains each problem in an editor's words. */
export function validateProductInput(input: ProductInput, family: Family, definitions: CatalogDefinitions): FieldProblem[] {
  const validate = familyValidator(family, definitions);
  if (validate(input)) return [...duplicateEntryProblems(input), ...valueRuleProblems(input, definitions)];
  return explainErrors(validate.errors ?? [], input, family, definitions);
}

/**
 * What a schema cannot say about values already of the right shape: an amount has no more decimals than
 * its currency and is never negative, a size or weight is never negative, and a value for one channel
 * is in a locale that channel publishes.
 */
function valueRuleProblems(input: ProductInput, definitions: CatalogDefinitions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [code, entries] of Object.entries(input.values ?? {})) {
    const attribute = definitions.attributes.get(code);
    entries.forEach((entry, index) => {
      const located = { path: ["values", code, String(index)], attribute: code, locale: entry.locale ?? null, channel: entry.channel ?? null };
      const subject = describeValue(code, entry);
      if (entry.channel && entry.locale) {
        const published = definitions.channels.get(entry.channel)?.locales ?? [];
        if (!published.includes(entry.locale))
          problems.push({
            ...located,
            message: `${subject}: channel ${entry.channel} does not publish ${entry.locale} (it publishes ${published.join(", ")})`,
          });
      }
      if (attribute?.type === "price_collection" && Array.isArray(entry.data)) {
        (entry.data as Array<{ amount: string; currency: string }>).forEach((price, i) => {
          const problem = amountProblem(price.amount, price.currency);
          if (problem) problems.push({ ...located, path: [...located.path, "data", String(i), "amount"], message: `${subject}: ${problem}` });
        });
      }
      const measured = entry.data as { amount?: string } | null;
      if (attribute?.type === "measurement" && typeof measured?.amount === "string" && measured.amount.startsWith("-")) {
        problems.push({ ...located, path: [...located.path, "data", "amount"], message: `${subject}: amount ${measured.amount} is negative` });
      }
    });
  }
  return problems;
}

function duplicateEntryProblems(input: ProductInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [attribute, entries] of Object.entries(input.values ?? {})) {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const key = `${entry.channel ?? null}|${entry.locale ?? null}`;
      if (seen.has(key)) {
        problems.push({
          path: ["values", attribute, String(index)],
          attribute,
          locale: entry.locale,
          channel: entry.channel,
          message: `${describeValue(attribute, entry)} is given twice`,
        });
      }
      seen.add(key);
    });
  }
  return problems;
}

export function describeValue(attribute: string, entry: { locale?: string | null; channel?: string | null }): string {
  const scope = [entry.locale ? `locale ${entry.locale}` : null, entry.channel ? `channel ${entry.channel}` : null].filter(Boolean);
  return scope.length ? `${attribute} (${scope.join(", ")})` : attribute;
}

function explainErrors(errors: ErrorObject[], input: ProductInput, family: Family, definitions: CatalogDefinitions): FieldProblem[] {
  // A failed anyOf reports the null branch too; only the real type's complaints help the editor.
  const useful = errors.filter((error) => !error.schemaPath.includes("/anyOf/0/") && error.keyword !== "anyOf");
  const problems = new Map<string, FieldProblem>();
  for (const error of useful.length ? useful : errors) {
    const problem = explainError(error, input, family, definitions);
    const key = `${problem.path.join("/")}|${problem.message}`;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return [...problems.values()];
}

function explainError(error: ErrorObject, input: ProductInput, family: Family, definitions: CatalogDefinitions): FieldProblem {
  const path = error.instancePath.split("/").slice(1).map(decodePointerSegment);
  if (path[0] !== "values" || path.length < 2) return explainProductField(error, path, family);

  const attributeCode = path[1] as string;
  const attribute = definitions.attributes.get(attributeCode);
  const entryIndex = path[2];
  const entry = entryIndex !== undefined ? input.values?.[attributeCode]?.[Number(entryIndex)] : undefined;
  const located = { path, attribute: attributeCode, locale: entry?.locale ?? null, channel: entry?.channel ?? null };
  const subject = entry ? describeValue(attributeCode, { locale: entry.locale ?? null, channel: entry.channel ?? null }) : attributeCode;
  const field = path[3];

  if (!attribute) return { ...located, message: `${attributeCode} is not an attribute` };
  if (path.length === 2) {
    const message = error.keyword === "maxItems" ? "has too many values" : "must be a list of {locale, channel, data} entries";
    return { ...located, message: `${attributeCode} ${message}` };
  }
  if (error.keyword === "required" && (error.params.missingProperty === "locale" || error.params.missingProperty === "channel")) {
    return { ...located, message: missingScopeMessage(attributeCode, String(error.params.missingProperty), definitions) };
  }
  if (field === "locale") {
    if (!attribute.localizable) return { ...located, message: `${attributeCode} is not localizable: give its value with locale null` };
    if (entry?.locale === null || entry?.locale === undefined) return { ...located, message: missingScopeMessage(attributeCode, "locale", definitions) };
    return { ...located, message: `${subject}: locale ${JSON.stringify(entry?.locale)} is not a locale of the catalog` };
  }
  if (field === "channel") {
    if (!attribute.scopable) return { ...located, message: `${attributeCode} is not scopable: give its value with channel null` };
    if (entry?.channel === null || entry?.channel === undefined) return { ...located, message: missingScopeMessage(attributeCode, "channel", definitions) };
    return { ...located, message: `${subject}: channel ${JSON.stringify(entry?.channel)} does not exist` };
  }
  if (field === "data") return { ...located, message: `${subject} ${explainData(error, attribute, path.slice(4), entry?.data)}` };
  if (error.keyword === "required") return { ...located, message: `${subject} needs "${String(error.params.missingProperty)}"` };
  if (error.keyword === "additionalProperties") {
    return { ...located, message: `${subject} has an unknown field "${String(error.params.additionalProperty)}"` };
  }
  return { ...located, message: `${subject} ${error.message ?? "is invalid"}` };
}

function missingScopeMessage(attribute: string, field: string, definitions: CatalogDefinitions): string {
  const choices = field === "locale" ? [...definitions.locales.keys()] : [...definitions.channels.keys()];
  return `${attribute} is ${field === "locale" ? "localizable" : "scopable"}: give each value a ${field} (${abbreviate(choices)})`;
}

function explainProductField(error: ErrorObject, path: string[], family: Family): FieldProblem {
  if (error.keyword === "additionalProperties") {
    const name = String(error.params.additionalProperty);
    if (path[0] === "values") return { path: [...path, name], attribute: name, message: `${name} is not an attribute of family ${family.code}` };
    return { path: [...path, name], message: `unknown field "${name}"` };
  }
  if (error.keyword === "required") return { path: [String(error.params.missingProperty)], message: `${String(error.params.missingProperty)} is required` };
  const field = path.join(".") || "product";
  if (error.keyword === "pattern" && path[0] === "sku") return { path, message: "sku must not be empty or contain spaces or control characters" };
  if (error.keyword === "const" && path[0] === "family") return { path, message: `family must be ${family.code}` };
  if (error.keyword === "uniqueItems") return { path, message: `${field} lists the same entry twice` };
  return { path, message: `${field} ${error.message ?? "is invalid"}` };
}

function explainData(error: ErrorObject, attribute: Attribute, dataPath: string[], data: unknown): string {
  const c = attribute.constraints;
  const inner = dataPath.at(-1);
  switch (error.keyword) {
    case "type":
      if (inner === "amount") return `amount must be a decimal number written as a string, like "19.99"`;
      return `must be ${typeDescription(attribute, dataPath)}`;
    case "maxLength":
      return `is too long: ${typeof data === "string" ? [...data].length : "?"} characters, at most ${String(error.params.limit)} allowed`;
    case "pattern":
      if (inner === "amount") return `amount must be a decimal number written as a string, like "19.99"`;
      if (attribute.type === "url") return "must be an http:// or https:// URL";
      return `does not match the required format ${c.pattern ?? ""}`.trim();
    case "format":
      return attribute.type === "date" ? "must be a date written as YYYY-MM-DD" : "must be a valid URL";
    case "x-gtin":
      return `is not a valid GTIN: ${JSON.stringify(data)} has a wrong check digit or length`;
    case "x-uniqueCurrencies":
      return "has more than one amount for the same currency";
    case "uniqueItems":
      return "lists the same option twice";
    case "minimum":
      return `must be at least ${String(error.params.limit)}`;
    case "maximum":
      return `must be at most ${String(error.params.limit)}`;
    case "maxItems":
      return `has too many entries (at most ${String(error.params.limit)})`;
    case "required":
      return `needs "${String(error.params.missingProperty)}"`;
    case "additionalProperties":
      return `has an unknown field "${String(error.params.additionalProperty)}"`;
    case "not":
      if (inner === "currency") return "uses a currency, but the catalog has no currencies yet";
      if (attribute.constraints.economicOperator) return "names an economic operator, but the catalog has none yet (add them with saveEconomicOperator first)";
      return `cannot be set: ${attribute.code} has no options yet (add them to the attribute first)`;
    case "enum": {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const given = valueAt(data, dataPath);
      if (inner === "currency") return `uses currency ${JSON.stringify(given)}, which is not a currency of the catalog`;
      if (inner === "unit") return `uses unit ${JSON.stringify(given)}, allowed units: ${allowed.join(", ")}`;
      if (attribute.constraints.economicOperator)
        return `names ${JSON.stringify(given)}, which is not an economic operator of the catalog (${abbreviate(allowed)})`;
      return `has ${JSON.stringify(given)}, which is not an option of ${attribute.code} (options: ${abbreviate(allowed)})`;
    }
    default:
      return error.message ?? "is invalid";
  }
}

function typeDescription(attribute: Attribute, dataPath: string[]): string {
  if (dataPath.length > 0) return "of the right type";
  switch (attribute.type) {
    case "number":
      return attribute.constraints.decimalsAllowed ? "a number" : "a whole number";
    case "boolean":
      return "true or false";
    case "multiselect":
      return "a list of option codes";
    case "media":
      return "a list of asset references";
    case "price_collection":
      return 'a list of prices like [{"amount": "19.99", "currency": "EUR"}]';
    case "measurement":
      return 'an amount with a unit, like {"amount": "1.5", "unit": "KILOGRAM"}';
    default:
      return "text";
  }
}

function valueAt(data: unknown, path: string[]): unknown {
  let current = data;
  for (const segment of path) current = (current as Record<string, unknown> | undefined)?.[segment];
  return current;
}

function abbreviate(values: string[], max = 12): string {
  return values.length > max ? `${values.slice(0, max).join(", ")}, … ${values.length - max} more` : values.join(", ");
}

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
