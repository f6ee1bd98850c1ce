import { mediaReferenceProblems } from "../values/media-references.js";
import type { FieldProblem } from "../../errors.js";
import type { CatalogDefinitions, Family, FamilyVariant } from "../definitions.js";
import { validateProductInput, type ProductInput, type ValueEntry } from "../validation/product-validation.js";
import { completenessIndex, computeCompleteness } from "../values/completeness.js";
import { numericIndex, sortKeys } from "../values/numeric-index.js";
import { isValueEntryMap, toRawValues, type RawValues } from "../values/raw-values.js";
import { inheritedValues } from "../read/ancestry.js";
import { sanitizeRichTextValues } from "../values/rich-text.js";
import { productContent, stableStringify, type StoredProduct, type StoredProductModel } from "./product-document.js";

export interface PrepareContext {
  definitions: CatalogDefinitions;
  existing: StoredProduct | null;
  /** The parent chain from the root model down to the direct parent; null when the parent does not exist. */
  ancestors: StoredProductModel[] | null;
  knownCategories: ReadonlySet<string>;
  knownProducts: ReadonlySet<string>;
  knownModels: ReadonlySet<string>;
  knownAssets: ReadonlySet<string>;
  now: Date;
}

export type ProductDraft = StoredProduct;

export type Prepared = { ok: true; product: ProductDraft; unchanged: boolean; warnings: string[]; claims: string[] } | { ok: false; problems: FieldProblem[] };

const fail = (problems: FieldProblem[]): Prepared => ({ ok: false, problems });

/** Checks a product write and builds the document to store, with completeness and uniqueness claims. */
export function prepareProduct(input: ProductInput, context: PrepareContext): Prepared {
  const { definitions, existing, ancestors } = context;
  const parentCode = input.parent === undefined ? (existing?.parent ?? null) : input.parent;
  const directParent = ancestors?.at(-1);
  if (parentCode && !directParent) return fail([{ path: ["parent"], message: `parent model ${parentCode} does not exist` }]);

  const familyCode = directParent?.family ?? input.family ?? existing?.family ?? null;
  if (!familyCode) return fail([{ path: ["family"], message: "family is required" }]);
  if (directParent && input.family && input.family !== directParent.family) {
    return fail([{ path: ["family"], message: `a variant of ${directParent.code} belongs to family ${directParent.family}, not ${input.family}` }]);
  }
  const family = definitions.families.get(familyCode);
  if (!family) return fail([{ path: ["family"], message: `family ${familyCode} does not exist` }]);

  const candidate: ProductInput = { ...input, family: familyCode, parent: parentCode };
  const problems = withoutUnchangedValues(validateProductInput(candidate, family, definitions), candidate.values, existing?.values ?? null);
  problems.push(...referenceProblems(candidate, context), ...mediaReferenceProblems(candidate.values, definitions, context.knownAssets));
  if (problems.length > 0) return fail(problems);

  const warnings: string[] = [];
  const values = toRawValues(sanitizeRichTextValues(candidate.values ?? {}, definitions, warnings));
  const variant = directParent ? variantAxes(directParent, values, definitions, undefined, existing?.values ?? null) : { problems: [], axisKey: null };
  if (variant.problems.length > 0) return fail(variant.problems);

  const inherited = inheritedValues(ancestors ?? [], values);
  const completeness = computeCompleteness(inherited, family, definitions);
  const content = {
    family: familyCode,
    parent: parentCode,
    categories: candidate.categories ?? existing?.categories ?? [],
    enabled: candidate.enabled ?? existing?.enabled ?? true,
    values,
    associations: normalizeAssociations(candidate.associations ?? existing?.associations ?? {}),
  };
  const unchanged = existing !== null && productContent(existing) === productContent(content);
  const claims = uniqueClaims(values, definitions);
  if (variant.axisKey && parentCode) claims.push(`axes:${parentCode}:${variant.axisKey}`);
  const product: ProductDraft = {
    _id: input.sku,
    sku: input.sku,
    ...content,
    completeness,
    completenessIndex: completenessIndex(completeness),
    numbers: numericIndex(values, definitions),
    sortKeys: sortKeys(inherited, definitions),
    searchLabels: searchLabelsOf(input.sku, inherited, family),
    axisKey: variant.axisKey,
    claims,
    version: existing ? existing.version + (unchanged ? 0 : 1) : 1,
    createdAt: existing?.createdAt ?? context.now,
    updatedAt: unchanged && existing ? existing.updatedAt : context.now,
  };
  return { ok: true, product, unchanged, warnings, claims };
}

function referenceProblems(input: ProductInput, context: PrepareContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  (input.categories ?? []).forEach((code, i) => {
    if (!context.knownCategories.has(code)) problems.push({ path: ["categories", String(i)], message: `category ${code} does not exist` });
  });
  for (const [type, targets] of Object.entries(input.associations ?? {})) {
    (targets.products ?? []).forEach((sku, i) => {
      if (sku === input.sku) problems.push({ path: ["associations", type, "products", String(i)], message: `a product cannot be associated with itself` });
      else if (!context.knownProducts.has(sku))
        problems.push({ path: ["associations", type, "products", String(i)], message: `associated product ${sku} does not exist` });
    });
    (targets.models ?? []).forEach((code, i) => {
      if (!context.knownModels.has(code))
        problems.push({ path: ["associations", type, "models", String(i)], message: `associated product model ${code} does not exist` });
    });
  }
  return problems;
}

/**
 * A value the write leaves as stored (or clears) is kept even when the catalog no longer accepts it (its attribute
 * left the family, its locale was deleted, a constraint was tightened): such orphans never block an
 * edit of something else, as in Akeneo; `orphanValues` lists them for an editor to clean up. Only the
 * values a write sets or changes are judged.
 */
export function withoutUnchangedValues(problems: FieldProblem[], values: Record<string, ValueEntry[]> | undefined, before: RawValues | null): FieldProblem[] {
  // Values that are not lists of entries are judged as sent: their shape is the problem.
  if (!before || !values || !isValueEntryMap(values)) return problems;
  const sent = toRawValues(values);
  // Kept as stored, or some of its values cleared: nothing the write adds or changes is judged.
  const keptAsStored = (attribute: string) =>
    Object.hasOwn(before, attribute) &&
    Object.entries(sent[attribute] ?? {}).every(([channel, byLocale]) =>
      Object.entries(byLocale).every(([locale, data]) => stableStringify(data) === stableStringify(before[attribute]?.[channel]?.[locale])),
    );
  return problems.filter((problem) => {
    const attribute = problem.path[0] === "values" ? problem.path[1] : undefined;
    return attribute === undefined || !keptAsStored(attribute);
  });
}

/**
 * Where an attribute's values live in a family variant: 0 for the root model (attributes in no level),
 * else the number of the level that lists it.
 */
export function levelOfAttribute(familyVariant: FamilyVariant, attribute: string): number {
  const index = familyVariant.levels.findIndex((level) => level.attributes.includes(attribute) || level.axes.includes(attribute));
  return index + 1;
}

function levelName(familyVariant: FamilyVariant, level: number): string {
  if (level === 0) return "the root model";
  return level === familyVariant.levels.length ? "the variants" : `the level ${level} models`;
}

/**
 * Values an entity at `level` sets but may not hold: each attribute belongs to one level (Akeneo's
 * rule), and the others are inherited. Only values the write changes are refused, so values stored
 * before the rule existed never block an edit of something else.
 */
export function levelProblems(familyVariant: FamilyVariant, level: number, values: RawValues, before: RawValues | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const attribute of Object.keys(values)) {
    const home = levelOfAttribute(familyVariant, attribute);
    if (home === level || stableStringify(values[attribute]) === stableStringify(before?.[attribute])) continue;
    problems.push({
      path: ["values", attribute],
      attribute,
      message: `${attribute} belongs to ${levelName(familyVariant, home)} of ${familyVariant.code}, not ${levelName(familyVariant, level)}: set it there`,
    });
  }
  return problems;
}

/** The level a variant lives at is the last level of the family variant, under a last-level parent. */
export function variantAxes(
  parent: StoredProductModel,
  ownValues: RawValues,
  definitions: CatalogDefinitions,
  level?: number,
  before: RawValues | null = null,
): { problems: FieldProblem[]; axisKey: string | null } {
  const familyVariant = definitions.familyVariants.get(parent.familyVariant) as FamilyVariant | undefined;
  if (!familyVariant)
    return { problems: [{ path: ["parent"], message: `family variant ${parent.familyVariant} of ${parent.code} does not exist` }], axisKey: null };
  const parentLevel = parent.parent ? 2 : 1;
  const expectedLevel = level ?? familyVariant.levels.length;
  if (parentLevel !== expectedLevel) {
    return {
      problems: [
        {
          path: ["parent"],
          message: `${parent.code} is a level ${parentLevel} model; variants of ${familyVariant.code} attach to a level ${expectedLevel} model`,
        },
      ],
      axisKey: null,
    };
  }
  const axes = familyVariant.levels[expectedLevel - 1]?.axes ?? [];
  const problems: FieldProblem[] = levelProblems(familyVariant, expectedLevel, ownValues, before);
  const parts: string[] = [];
  for (const axis of axes) {
    const data = ownValues[axis]?.["<all_channels>"]?.["<all_locales>"];
    if (data === undefined)
      problems.push({ path: ["values", axis], attribute: axis, message: `${axis} is a variant axis of ${familyVariant.code} and needs a value` });
    else parts.push(`${axis}=${stableStringify(data)}`);
  }
  return { problems, axisKey: problems.length ? null : parts.join("|") };
}

function uniqueClaims(values: RawValues, definitions: CatalogDefinitions): string[] {
  const claims: string[] = [];
  for (const [code, byChannel] of Object.entries(values)) {
    if (!definitions.attributes.get(code)?.unique) continue;
    const data = byChannel["<all_channels>"]?.["<all_locales>"];
    if (data !== undefined) claims.push(`unique:${code}:${stableStringify(data)}`);
  }
  return claims;
}

function searchLabelsOf(sku: string, values: RawValues, family: Family): string[] {
  const labels = new Set([sku.toLowerCase()]);
  for (const byLocale of Object.values(values[family.labelAttribute] ?? {})) {
    for (const label of Object.values(byLocale)) if (typeof label === "string") labels.add(label.toLowerCase());
  }
  return [...labels];
}

export function normalizeAssociations(associations: Record<string, { products?: string[]; models?: string[] }>) {
  const normalized: Record<string, { products: string[]; models: string[] }> = {};
  for (const [type, targets] of Object.entries(associations)) {
    const products = [...(targets.products ?? [])].sort();
    const models = [...(targets.models ?? [])].sort();
    if (products.length || models.length) normalized[type] = { products, models };
  }
  return normalized;
}
