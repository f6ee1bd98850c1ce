import { mediaReferenceProblems } from "../values/media-references.js";
import { PimError } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import { diffEntities, type HistoryEntry } from "../history/history.js";
import { saveWithProtocol, type SaveFailure, type SaveItem } from "./save-protocol.js";
import { validateProductInput, type ValueEntry } from "../validation/product-validation.js";
import { isValueEntryMap, overlayValues, toRawValues } from "../values/raw-values.js";
import { numericIndex } from "../values/numeric-index.js";
import type { WriteMode } from "../write-mode.js";
import { sanitizeRichTextValues } from "../values/rich-text.js";
import { refreshCompleteness } from "./completeness-refresh.js";
import { productContent, type StoredProductModel } from "./product-document.js";
import { levelProblems, normalizeAssociations, variantAxes, withoutUnchangedValues } from "./prepare-product.js";
import { loadReferenceSets } from "./write-context.js";
import { loadAncestorChains } from "../read/ancestry.js";
import { guardedState, guardProblems, type Writer } from "../write-guard.js";

export interface ProductModelInput {
  code: string;
  familyVariant?: string;
  parent?: string | null;
  categories?: string[];
  values?: Record<string, ValueEntry[]>;
  associations?: Record<string, { products?: string[]; models?: string[] }>;
}

export interface SaveModelOptions extends Writer {
  mode: "create" | "update" | "upsert";
  /** `merge` lays the input's values over the stored model's; `replace` (the default here) makes them the whole value set. */
  writeMode?: WriteMode;
  expectedVersion?: number;
  /** Check only: the status the save would have, nothing written (an import's dry run and its unchanged rows). Sibling axis clashes are found only when writing. */
  validateOnly?: boolean;
}

/**
 * Saves a root model or a sub-model. Values are checked against the family schema; a sub-model
 * needs its level's axis values, unique among its siblings. Descendant variants' completeness follows.
 */
export async function saveProductModel(
  sent: ProductModelInput,
  options: SaveModelOptions,
  context: CatalogContext,
): Promise<{ model: StoredProductModel; status: "created" | "updated" | "unchanged"; warnings: string[] }> {
  const definitions = await context.definitions.current();
  const existing = (await context.models.productModels.findOne({ _id: sent.code }).lean()) as unknown as StoredProductModel | null;
  const input =
    options.writeMode === "merge" && existing && isValueEntryMap(sent.values ?? {})
      ? { ...sent, values: overlayValues(existing.values, sent.values ?? {}) }
      : sent;
  if (options.mode === "create" && existing)
    throw new PimError("CONFLICT", `a product model with code ${input.code} already exists`, [{ path: ["code"], message: "already exists" }], {
      currentVersion: existing.version,
    });
  if (options.mode === "update" && !existing) throw new PimError("NOT_FOUND", `product model ${input.code} does not exist`);
  if (existing && options.expectedVersion !== undefined && existing.version !== options.expectedVersion) {
    throw new PimError("CONFLICT", `product model ${input.code} was changed by someone else: it is at version ${existing.version}`, [], {
      currentVersion: existing.version,
    });
  }
  const parentCode = input.parent === undefined ? (existing?.parent ?? null) : input.parent;
  const chains = await loadAncestorChains([parentCode, existing?.parent ?? null], context.models);
  const parent = parentCode ? chains.get(parentCode)?.at(-1) : undefined;
  if (parentCode && !parent)
    throw new PimError("BAD_USER_INPUT", `parent model ${parentCode} does not exist`, [
      { path: ["parent"], message: `parent model ${parentCode} does not exist` },
    ]);
  if (parent?.parent)
    throw new PimError("BAD_USER_INPUT", `${parentCode} is already a sub-model; models nest at most two levels`, [
      { path: ["parent"], message: "models nest at most two levels" },
    ]);

  const familyVariantCode = parent?.familyVariant ?? input.familyVariant ?? existing?.familyVariant;
  const familyVariant = familyVariantCode ? definitions.familyVariants.get(familyVariantCode) : undefined;
  if (!familyVariant)
    throw new PimError("BAD_USER_INPUT", `family variant ${familyVariantCode ?? "(none)"} does not exist`, [
      { path: ["familyVariant"], message: "must name an existing family variant" },
    ]);
  if (parent && input.familyVariant && input.familyVariant !== parent.familyVariant) {
    throw new PimError("BAD_USER_INPUT", `a sub-model of ${parent.code} uses family variant ${parent.familyVariant}`, [
      { path: ["familyVariant"], message: "must match the parent's" },
    ]);
  }
  if (parent && familyVariant.levels.length < 2)
    throw new PimError("BAD_USER_INPUT", `family variant ${familyVariant.code} has one level: its models have no parent`, [
      { path: ["parent"], message: "must be null" },
    ]);
  const family = definitions.families.get(familyVariant.family);
  if (!family) throw new PimError("BAD_USER_INPUT", `family ${familyVariant.family} does not exist`);

  const references = await loadReferenceSets([input], context);
  const problems = withoutUnchangedValues(
    validateProductInput(
      { sku: input.code, family: family.code, categories: input.categories, values: input.values, associations: input.associations },
      family,
      definitions,
    ),
    input.values,
    existing?.values ?? null,
  );
  (input.categories ?? []).forEach((code, i) => {
    if (!references.knownCategories.has(code)) problems.push({ path: ["categories", String(i)], message: `category ${code} does not exist` });
  });
  problems.push(...mediaReferenceProblems(input.values, definitions, references.knownAssets));
  // The same rules as products: a model's description reaches storefronts through every variant.
  const warnings: string[] = [];
  const values = toRawValues(sanitizeRichTextValues(input.values ?? {}, definitions, warnings));
  const axes = parent
    ? variantAxes(parent, values, definitions, 1, existing?.values ?? null)
    : { problems: levelProblems(familyVariant, 0, values, existing?.values ?? null), axisKey: null };
  problems.push(...axes.problems);
  if (problems.length) throw new PimError("BAD_USER_INPUT", `Invalid product model ${input.code}: ${problems.map((p) => p.message).join("; ")}`, problems);

  const now = new Date();
  const associations = normalizeAssociations(input.associations ?? existing?.associations ?? {});
  const content = { family: family.code, parent: parentCode, categories: input.categories ?? existing?.categories ?? [], enabled: true, values, associations };
  if (existing && productContent({ ...existing, enabled: true }) === productContent(content)) return { model: existing, status: "unchanged", warnings };

  const claims = axes.axisKey && parentCode ? [`axes:${parentCode}:${axes.axisKey}`] : [];
  const model: StoredProductModel = {
    _id: input.code,
    code: input.code,
    family: family.code,
    familyVariant: familyVariant.code,
    parent: parentCode,
    categories: content.categories,
    values,
    associations,
    numbers: numericIndex(values, definitions),
    axisKey: axes.axisKey,
    claims,
    version: (existing?.version ?? 0) + 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const ancestorsOf = (entity: StoredProductModel) => (entity.parent ? (chains.get(entity.parent) ?? []) : []);
  const [forbidden = []] = await guardProblems(options, [
    {
      kind: "product_model",
      code: model.code,
      before: existing && guardedState(existing, ancestorsOf(existing)),
      after: guardedState(model, ancestorsOf(model)),
    },
  ]);
  if (forbidden.length > 0) throw new PimError("FORBIDDEN", `product model ${model.code} was not saved: ${forbidden[0]?.message}`, forbidden);
  if (options.validateOnly) return { model, status: existing ? "updated" : "created", warnings };
  const history: HistoryEntry = {
    _id: `model:${model.code}:${model.createdAt.getTime()}:${model.version}`,
    entityType: "product_model",
    entityId: input.code,
    version: model.version,
    author: options.actor,
    at: now,
    action: existing ? "update" : "create",
    changes: diffEntities(existing as unknown as Record<string, unknown> | null, model as unknown as Record<string, unknown>),
    snapshot: model,
  };
  const item: SaveItem = { key: 0, kind: "product_model", code: model.code, claims, previousClaims: existing?.claims ?? [], history };
  const failures = await saveWithProtocol([item], () => writeModel(model, existing, context), context);
  const failure = failures.get(item.key);
  if (failure)
    throw new PimError(
      failure.code,
      failure.problems.map((problem) => problem.message).join("; "),
      failure.problems,
      failure.currentVersion === undefined ? undefined : { currentVersion: failure.currentVersion },
    );
  if (existing) {
    const subModels = await context.models.productModels.find({ parent: input.code }, { code: 1 }).lean();
    await refreshCompleteness(context, { parent: { $in: [input.code, ...subModels.map((m) => m.code)] } });
  }
  return { model, status: existing ? "updated" : "created", warnings };
}

/** The reserved history version already excludes every other writer, so the write needs no version filter. */
async function writeModel(model: StoredProductModel, existing: StoredProductModel | null, context: CatalogContext): Promise<Map<number, SaveFailure>> {
  try {
    if (existing) await context.models.productModels.replaceOne({ _id: existing._id }, model);
    else await context.models.productModels.create(model);
    return new Map();
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return new Map([[0, { code: "CONFLICT", problems: [{ path: ["code"], message: `a product model with code ${model.code} already exists` }] }]]);
  }
}
