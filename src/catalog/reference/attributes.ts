import { linearPatternProblem } from "../../validation/linear-regex.js";
import type { FieldProblem } from "../../errors.js";
import type { CatalogContext } from "../catalog-context.js";
import { axisAttributeTypes, type Attribute, type AttributeConstraints, type AttributeType, type CatalogDefinitions } from "../definitions.js";
import { ALL_CHANNELS, ALL_LOCALES } from "../values/raw-values.js";
import type { AttributeDoc, AttributeGroupDoc } from "../models.js";
import { isMeasurementFamily, unitsOf } from "../values/measurements.js";
import { problem, type ReferenceEntitySpec } from "./save-reference-entity.js";

type AttributeInput = Partial<Attribute> & Pick<Attribute, "code" | "type" | "group">;
type AttributeGroupInput = { code: string; labels?: Record<string, string>; sortOrder?: number };

export const attributeGroupSpec: ReferenceEntitySpec<AttributeGroupInput, AttributeGroupDoc> = {
  entityType: "attribute_group",
  schemaFile: "attribute-group.schema.json",
  what: "attribute group",
  model: (context) => context.models.attributeGroups,
  check: () => [],
  toDocument: (input) => ({ labels: input.labels ?? {}, sortOrder: input.sortOrder ?? 0 }),
};

const constraintsByType: Record<AttributeType, Array<keyof AttributeConstraints>> = {
  identifier: ["maxLength", "pattern"],
  text: ["maxLength", "pattern", "gtin", "economicOperator"],
  textarea: ["maxLength", "richText"],
  number: ["min", "max", "decimalsAllowed"],
  boolean: [],
  date: [],
  simpleselect: [],
  multiselect: [],
  price_collection: [],
  measurement: ["measurementFamily", "defaultUnit", "allowedUnits", "min", "max"],
  media: [],
  url: ["maxLength"],
};

function checkConstraints(input: AttributeInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const constraints = input.constraints ?? {};
  for (const key of Object.keys(constraints) as Array<keyof AttributeConstraints>) {
    if (!constraintsByType[input.type].includes(key)) problems.push(problem(["constraints", key], `${key} does not apply to a ${input.type} attribute`));
  }
  const patternProblem = constraints.pattern ? linearPatternProblem(constraints.pattern) : null;
  if (patternProblem) problems.push(problem(["constraints", "pattern"], patternProblem));
  if (constraints.economicOperator && (input.localizable || input.scopable)) {
    problems.push(
      problem(
        ["constraints", "economicOperator"],
        "an economic operator is the same in every locale and channel: the attribute cannot be localizable or scopable",
      ),
    );
  }
  if (constraints.min !== undefined && constraints.max !== undefined && constraints.min > constraints.max) {
    problems.push(problem(["constraints", "min"], "min is greater than max"));
  }
  if (input.type === "measurement") {
    const family = constraints.measurementFamily;
    if (!family || !isMeasurementFamily(family)) {
      problems.push(problem(["constraints", "measurementFamily"], "a measurement attribute needs a measurementFamily: weight, length or volume"));
    } else {
      const units = unitsOf(family);
      for (const unit of [...(constraints.allowedUnits ?? []), ...(constraints.defaultUnit ? [constraints.defaultUnit] : [])]) {
        if (!units.includes(unit)) problems.push(problem(["constraints"], `unit ${unit} is not a ${family} unit (${units.join(", ")})`));
      }
      if (!constraints.defaultUnit) problems.push(problem(["constraints", "defaultUnit"], "a measurement attribute needs a defaultUnit"));
    }
  }
  return problems;
}

/** Options still chosen by a product or model cannot be removed: the stored values would stop validating. */
async function removedOptionsInUse(
  input: AttributeInput,
  existing: AttributeDoc,
  definitions: CatalogDefinitions,
  context: CatalogContext,
): Promise<FieldProblem[]> {
  const kept = new Set((input.options ?? []).map((o) => o.code));
  const removed = existing.options.map((o) => o.code).filter((code) => !kept.has(code));
  if (removed.length === 0) return [];
  const channels = existing.scopable ? [...definitions.channels.keys()] : [ALL_CHANNELS];
  const locales = existing.localizable ? [...definitions.locales.keys()] : [ALL_LOCALES];
  const paths = channels.flatMap((channel) => locales.map((locale) => `values.${existing._id}.${channel}.${locale}`));
  const problems: FieldProblem[] = [];
  for (const option of removed) {
    const used = { $or: paths.map((path) => ({ [path]: option })) };
    const [products, models] = await Promise.all([context.models.products.countDocuments(used), context.models.productModels.countDocuments(used)]);
    if (products + models > 0) problems.push(problem(["options"], `option ${option} is still used by ${products} products and ${models} product models`));
  }
  return problems;
}

export const attributeSpec: ReferenceEntitySpec<AttributeInput, AttributeDoc> = {
  entityType: "attribute",
  schemaFile: "attribute.schema.json",
  what: "attribute",
  model: (context) => context.models.attributes,
  check: async (input, existing, definitions, context) => {
    const problems = checkConstraints(input);
    if (!(await context.models.attributeGroups.exists({ _id: input.group })))
      problems.push(problem(["group"], `attribute group ${input.group} does not exist`));
    const isSelect = input.type === "simpleselect" || input.type === "multiselect";
    if (!isSelect && (input.options?.length ?? 0) > 0) problems.push(problem(["options"], `a ${input.type} attribute has no options`));
    const optionCodes = (input.options ?? []).map((o) => o.code);
    const duplicate = optionCodes.find((code, i) => optionCodes.indexOf(code) !== i);
    if (duplicate) problems.push(problem(["options"], `option ${duplicate} is listed twice`));
    if (input.type === "identifier") {
      const other = [...definitions.attributes.values()].find((a) => a.type === "identifier" && a.code !== input.code);
      if (other) problems.push(problem(["type"], `the catalog already has an identifier attribute (${other.code})`));
      if (input.localizable || input.scopable) problems.push(problem(["type"], "an identifier is neither localizable nor scopable"));
    }
    if (input.unique && (input.localizable || input.scopable)) problems.push(problem(["unique"], "a unique attribute can be neither localizable nor scopable"));
    if (existing && isSelect) problems.push(...(await removedOptionsInUse(input, existing, definitions, context)));
    if (existing) {
      for (const field of ["type", "localizable", "scopable", "unique"] as const) {
        const before = existing[field] ?? false;
        const after = input[field] ?? false;
        if (before !== after)
          problems.push(problem([field], `${field} cannot change once the attribute exists (it is ${String(before)}): stored values depend on it`));
      }
    }
    const usedAsAxis = [...definitions.familyVariants.values()].some((v) => v.levels.some((l) => l.axes.includes(input.code)));
    if (usedAsAxis && !axisAttributeTypes.has(input.type))
      problems.push(problem(["type"], "the attribute is a variant axis and must stay a select, boolean or measurement"));
    return problems;
  },
  toDocument: (input) => ({
    type: input.type,
    group: input.group,
    labels: input.labels ?? {},
    sortOrder: input.sortOrder ?? 0,
    localizable: input.localizable ?? false,
    scopable: input.scopable ?? false,
    unique: input.unique ?? false,
    constraints: input.constraints ?? {},
    options: (input.options ?? []).map((option, index) => ({ code: option.code, labels: option.labels ?? {}, sortOrder: option.sortOrder ?? index })),
  }),
};
