import { PimError } from "../../errors.js";
import { assertValidInput } from "../../validation/input-validation.js";
import type { CatalogContext } from "../catalog-context.js";
import type { FamilyVariant } from "../definitions.js";
import type { RawValues } from "../models.js";
import { stableStringify } from "../products/product-document.js";

interface Member {
  kind: "model" | "product";
  code: string;
  parent: string;
  values: RawValues;
  axisKey: string | null;
  claims: string[];
}

export interface LevelChange {
  level: number;
  axesBefore: string[];
  axesAfter: string[];
  members: number;
}

export interface AxisChangeReport {
  familyVariant: string;
  levels: LevelChange[];
  /** Models and products that lack a value for a new axis. */
  missingAxisValues: Array<{ kind: "model" | "product"; code: string; axes: string[] }>;
  /** Siblings that the new axes could no longer tell apart. */
  duplicateCombinations: Array<{ parent: string; axisValues: string; members: string[] }>;
  /** How many models and products get a new axis combination. */
  membersToRekey: number;
  applicable: boolean;
}

export function axisKeyOf(values: RawValues, axes: string[]): { key: string | null; missing: string[] } {
  const missing = axes.filter((axis) => values[axis]?.["<all_channels>"]?.["<all_locales>"] === undefined);
  if (missing.length) return { key: null, missing };
  return { key: axes.map((axis) => `${axis}=${stableStringify(values[axis]?.["<all_channels>"]?.["<all_locales>"])}`).join("|"), missing };
}

/** The members of each level of a family variant: sub-models at level 1 of two, variant products at the last level. */
async function membersByLevel(variant: FamilyVariant, context: CatalogContext): Promise<Member[][]> {
  const models = await context.models.productModels.find({ familyVariant: variant.code }, { code: 1, parent: 1, values: 1, axisKey: 1, claims: 1 }).lean();
  const roots = models.filter((m) => !m.parent);
  const subModels = models.filter((m) => m.parent);
  const lastLevelParents = variant.levels.length === 2 ? subModels : roots;
  const products = await context.models.products
    .find({ parent: { $in: lastLevelParents.map((m) => m.code) } }, { sku: 1, parent: 1, values: 1, axisKey: 1, claims: 1 })
    .lean();
  const asProducts: Member[] = products.map((p) => ({
    kind: "product",
    code: p.sku,
    parent: p.parent as string,
    values: p.values as RawValues,
    axisKey: p.axisKey ?? null,
    claims: p.claims ?? [],
  }));
  if (variant.levels.length === 1) return [asProducts];
  const asModels: Member[] = subModels.map((m) => ({
    kind: "model",
    code: m.code,
    parent: m.parent as string,
    values: m.values as RawValues,
    axisKey: m.axisKey ?? null,
    claims: m.claims ?? [],
  }));
  return [asModels, asProducts];
}

/** What changing a family variant's axes would do, without doing it. */
export async function reportAxisChange(
  before: FamilyVariant,
  after: FamilyVariant,
  context: CatalogContext,
): Promise<{ report: AxisChangeReport; rekey: Array<Member & { newKey: string }> }> {
  const levels = await membersByLevel(before, context);
  const report: AxisChangeReport = {
    familyVariant: after.code,
    levels: [],
    missingAxisValues: [],
    duplicateCombinations: [],
    membersToRekey: 0,
    applicable: true,
  };
  const rekey: Array<Member & { newKey: string }> = [];
  levels.forEach((members, index) => {
    const axesBefore = before.levels[index]?.axes ?? [];
    const axesAfter = after.levels[index]?.axes ?? [];
    report.levels.push({ level: index + 1, axesBefore, axesAfter, members: members.length });
    if (stableStringify(axesBefore) === stableStringify(axesAfter)) return;
    const byCombination = new Map<string, string[]>();
    for (const member of members) {
      const { key, missing } = axisKeyOf(member.values, axesAfter);
      if (!key) {
        report.missingAxisValues.push({ kind: member.kind, code: member.code, axes: missing });
        continue;
      }
      const group = `${member.parent}\u0000${key}`;
      byCombination.set(group, [...(byCombination.get(group) ?? []), member.code]);
      if (key !== member.axisKey) rekey.push({ ...member, newKey: key });
    }
    for (const [group, codes] of byCombination) {
      if (codes.length < 2) continue;
      const [parent = "", axisValues = ""] = group.split("\u0000");
      report.duplicateCombinations.push({ parent, axisValues, members: codes });
    }
  });
  report.membersToRekey = rekey.length;
  report.applicable = report.missingAxisValues.length === 0 && report.duplicateCombinations.length === 0;
  return { report, rekey };
}

/** Moves each member's axis combination (and its claim) to the new axes. */
export async function applyAxisChange(rekey: Array<Member & { newKey: string }>, context: CatalogContext): Promise<void> {
  for (const member of rekey) {
    const owner = member.kind === "model" ? `model:${member.code}` : member.code;
    const newClaim = `axes:${member.parent}:${member.newKey}`;
    const claims = [...member.claims.filter((c) => !c.startsWith("axes:")), newClaim];
    await context.models.uniqueValues.deleteMany({ owner, _id: { $in: member.claims.filter((c) => c.startsWith("axes:")) } });
    await context.models.uniqueValues.updateOne({ _id: newClaim }, { $set: { owner } }, { upsert: true });
    if (member.kind === "model") await context.models.productModels.updateOne({ code: member.code }, { $set: { axisKey: member.newKey, claims } });
    else await context.models.products.updateOne({ sku: member.code }, { $set: { axisKey: member.newKey, claims } });
  }
}

/** The report for a proposed family variant, before anyone saves it. */
export async function previewAxisChange(input: unknown, context: CatalogContext): Promise<AxisChangeReport> {
  assertValidInput<FamilyVariant>("family-variant.schema.json", input, "family variant");
  const existing = await context.models.familyVariants.findById(input.code).lean();
  if (!existing) throw new PimError("NOT_FOUND", `family variant ${input.code} does not exist`);
  if (existing.levels.length !== input.levels.length)
    throw new PimError("BAD_USER_INPUT", "the number of levels cannot change once models use the family variant", [
      { path: ["levels"], message: "must keep its number of levels" },
    ]);
  const before = { ...(existing as unknown as FamilyVariant), code: existing._id };
  return (await reportAxisChange(before, { ...input, labels: input.labels ?? {} }, context)).report;
}
