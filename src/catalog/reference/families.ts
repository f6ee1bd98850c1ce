import type { FieldProblem } from "../../errors.js";
import { axisAttributeTypes, type CatalogDefinitions, type Family, type FamilyVariant } from "../definitions.js";
import type { FamilyDoc, FamilyVariantDoc } from "../models.js";
import { applyAxisChange, reportAxisChange } from "./family-variant-change.js";
import { problem, type ReferenceEntitySpec } from "./save-reference-entity.js";

type FamilyInput = Partial<Family> & Pick<Family, "code" | "attributes" | "labelAttribute">;

function checkFamily(input: FamilyInput, definitions: CatalogDefinitions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  input.attributes.forEach((code, i) => {
    if (!definitions.attributes.has(code)) problems.push(problem(["attributes", String(i)], `attribute ${code} does not exist`));
  });
  const identifier = [...definitions.attributes.values()].find((a) => a.type === "identifier");
  if (identifier && !input.attributes.includes(identifier.code))
    problems.push(problem(["attributes"], `a family must include the identifier attribute ${identifier.code}`));
  const label = definitions.attributes.get(input.labelAttribute);
  if (!input.attributes.includes(input.labelAttribute))
    problems.push(problem(["labelAttribute"], `label attribute ${input.labelAttribute} is not an attribute of the family`));
  else if (label && !["text", "identifier"].includes(label.type))
    problems.push(problem(["labelAttribute"], `label attribute ${input.labelAttribute} must be a text attribute`));
  if (input.imageAttribute) {
    const image = definitions.attributes.get(input.imageAttribute);
    if (!input.attributes.includes(input.imageAttribute))
      problems.push(problem(["imageAttribute"], `image attribute ${input.imageAttribute} is not an attribute of the family`));
    else if (image && image.type !== "media") problems.push(problem(["imageAttribute"], `image attribute ${input.imageAttribute} must be a media attribute`));
  }
  for (const [channel, required] of Object.entries(input.requirements ?? {})) {
    if (!definitions.channels.has(channel)) problems.push(problem(["requirements", channel], `channel ${channel} does not exist`));
    for (const code of required) {
      if (!input.attributes.includes(code)) problems.push(problem(["requirements", channel], `required attribute ${code} is not an attribute of the family`));
    }
  }
  return problems;
}

export const familySpec: ReferenceEntitySpec<FamilyInput, FamilyDoc> = {
  entityType: "family",
  schemaFile: "family.schema.json",
  what: "family",
  model: (context) => context.models.families,
  check: (input, _existing, definitions) => checkFamily(input, definitions),
  toDocument: (input) => ({
    labels: input.labels ?? {},
    attributes: input.attributes,
    labelAttribute: input.labelAttribute,
    imageAttribute: input.imageAttribute ?? null,
    requirements: input.requirements ?? {},
  }),
  afterSave: async (before, after, context) => {
    const requirementsChanged = !before || JSON.stringify(before.requirements) !== JSON.stringify(after.requirements);
    if (requirementsChanged) await context.completeness.request({ family: after._id as string });
  },
};

type FamilyVariantInput = Partial<FamilyVariant> & Pick<FamilyVariant, "code" | "family" | "levels">;

export function checkFamilyVariant(input: FamilyVariantInput, definitions: CatalogDefinitions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const family = definitions.families.get(input.family);
  if (!family) return [problem(["family"], `family ${input.family} does not exist`)];
  const placed = new Map<string, number>();
  input.levels.forEach((level, levelIndex) => {
    for (const axis of level.axes) {
      const attribute = definitions.attributes.get(axis);
      const path = ["levels", String(levelIndex), "axes"];
      if (!attribute) problems.push(problem(path, `axis ${axis} is not an attribute`));
      else if (!family.attributes.includes(axis)) problems.push(problem(path, `axis ${axis} is not an attribute of family ${family.code}`));
      else if (!axisAttributeTypes.has(attribute.type))
        problems.push(problem(path, `axis ${axis} must be a simple select, boolean or measurement attribute, not ${attribute.type}`));
      else if (attribute.localizable || attribute.scopable || attribute.unique)
        problems.push(problem(path, `axis ${axis} must be neither localizable, scopable nor unique`));
    }
    for (const code of new Set([...level.axes, ...(level.attributes ?? [])])) {
      if (!family.attributes.includes(code))
        problems.push(problem(["levels", String(levelIndex), "attributes"], `${code} is not an attribute of family ${family.code}`));
      const previous = placed.get(code);
      if (previous !== undefined && previous !== levelIndex)
        problems.push(problem(["levels", String(levelIndex)], `${code} is already placed at level ${previous + 1}`));
      placed.set(code, levelIndex);
    }
  });
  return problems;
}

export const familyVariantSpec: ReferenceEntitySpec<FamilyVariantInput, FamilyVariantDoc> = {
  entityType: "family_variant",
  schemaFile: "family-variant.schema.json",
  what: "family variant",
  model: (context) => context.models.familyVariants,
  check: async (input, existing, definitions, context) => {
    const problems = checkFamilyVariant(input, definitions);
    if (existing && existing.family !== input.family) problems.push(problem(["family"], "the family of a family variant cannot change"));
    if (existing && existing.levels.length !== input.levels.length)
      problems.push(problem(["levels"], "the number of levels cannot change once models use the family variant"));
    if (problems.length || !existing) return problems;
    const { report } = await reportAxisChange({ ...existing, code: existing._id }, { ...input, labels: input.labels ?? {} }, context);
    for (const missing of report.missingAxisValues.slice(0, 20)) {
      problems.push(problem(["levels"], `${missing.kind} ${missing.code} has no value for new axis ${missing.axes.join(", ")}`));
    }
    for (const duplicate of report.duplicateCombinations.slice(0, 20)) {
      problems.push(problem(["levels"], `under ${duplicate.parent}, ${duplicate.members.join(" and ")} would share the axis values ${duplicate.axisValues}`));
    }
    return problems;
  },
  toDocument: (input) => ({
    family: input.family,
    labels: input.labels ?? {},
    levels: input.levels.map((level) => ({ axes: level.axes, attributes: [...new Set([...level.axes, ...(level.attributes ?? [])])] })),
  }),
  afterSave: async (before, after, context) => {
    if (!before) return;
    const { rekey } = await reportAxisChange({ ...before, code: before._id }, { ...(after as unknown as FamilyVariant), code: before._id }, context);
    await applyAxisChange(rekey, context);
  },
};
