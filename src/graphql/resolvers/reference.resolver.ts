import { JSONObjectResolver } from "graphql-scalars";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { familyProductSchema } from "../../catalog/validation/family-schema.js";
import type { Category } from "../../catalog/definitions.js";
import type { GraphQLContext } from "../context.js";
import {
  AxisChangeReportType,
  DuplicateAxisCombinationType,
  MissingAxisValueType,
  VariantLevelChangeType,
  AttributeGroupType,
  AttributeOptionType,
  AttributeType,
  CategoryType,
  ChannelRequirementType,
  ChannelType,
  CurrencyType,
  FamilyType,
  FamilyVariantType,
  LocaleType,
} from "../types/reference.types.js";
import { AttributeGroupInput, AttributeInput, CategoryInput, ChannelInput, FamilyInput, FamilyVariantInput, LocaleInput } from "../types/reference.inputs.js";
import { plainInput } from "./plain-input.js";
import { mergeByDefault, WriteModeEnum } from "../types/product.inputs.js";
import { Allow, productReaders } from "../../auth/roles.js";

const as = <T extends object>(type: new () => T, data: object): T => Object.assign(new type(), data);

function toAttribute(data: { options?: object[] }): AttributeType {
  return as(AttributeType, { ...data, options: (data.options ?? []).map((o) => as(AttributeOptionType, o)) });
}

export function toFamily(data: { code: string; attributes: string[]; requirements: Record<string, string[]> } & object): FamilyType {
  return as(FamilyType, {
    ...data,
    attributeCodes: data.attributes,
    requirements: Object.entries(data.requirements).map(([channel, attributes]) => as(ChannelRequirementType, { channel, attributes })),
  });
}

function toCategory(data: Category | (object & { _id: string })): CategoryType {
  return as(CategoryType, { ...data, code: "code" in data ? data.code : data._id });
}

@Resolver()
export class ReferenceDataResolver {
  @Allow(...productReaders)
  @Query(() => [LocaleType], { description: "Every locale of the catalog" })
  async locales(@Ctx() { catalog, loaders }: GraphQLContext): Promise<LocaleType[]> {
    return [...(await loaders.definitions()).locales.values()].map((l) => as(LocaleType, l));
  }

  @Allow(...productReaders)
  @Query(() => [CurrencyType], { description: "Every currency of the catalog, by code" })
  async currencies(@Ctx() { catalog, loaders }: GraphQLContext): Promise<CurrencyType[]> {
    return [...(await loaders.definitions()).currencies].sort().map((code) => as(CurrencyType, { code }));
  }

  @Allow(...productReaders)
  @Query(() => [ChannelType], { description: "Every channel" })
  async channels(@Ctx() { catalog, loaders }: GraphQLContext): Promise<ChannelType[]> {
    return [...(await loaders.definitions()).channels.values()].map((c) => as(ChannelType, c));
  }

  @Allow(...productReaders)
  @Query(() => ChannelType, { nullable: true, description: "One channel; null when none has this code" })
  async channel(
    @Arg("code", () => String, { description: "The channel's code" }) code: string,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<ChannelType | null> {
    const channel = (await loaders.definitions()).channels.get(code);
    return channel ? as(ChannelType, channel) : null;
  }

  @Allow(...productReaders)
  @Query(() => [AttributeGroupType], { description: "Every attribute group" })
  async attributeGroups(@Ctx() { catalog, loaders }: GraphQLContext): Promise<AttributeGroupType[]> {
    return (await catalog.read.attributeGroups()).map((group) => as(AttributeGroupType, group));
  }

  @Allow(...productReaders)
  @Query(() => [AttributeType], { description: "Attributes by sortOrder, then code; both arguments narrow the list" })
  async attributes(
    @Arg("codes", () => [String], { nullable: true, description: "Only these codes; omitted or null: every attribute" }) codes: string[] | null,
    @Arg("group", () => String, { nullable: true, description: "Only the attributes of this group; omitted or null: every group" }) group: string | null,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<AttributeType[]> {
    const all = [...(await loaders.definitions()).attributes.values()];
    return all
      .filter((a) => (!codes || codes.includes(a.code)) && (!group || a.group === group))
      .sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))
      .map(toAttribute);
  }

  @Allow(...productReaders)
  @Query(() => AttributeType, { nullable: true, description: "One attribute; null when none has this code" })
  async attribute(
    @Arg("code", () => String, { description: "The attribute's code" }) code: string,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<AttributeType | null> {
    const attribute = (await loaders.definitions()).attributes.get(code);
    return attribute ? toAttribute(attribute) : null;
  }

  @Allow(...productReaders)
  @Query(() => [FamilyType], { description: "Every family, by code" })
  async families(@Ctx() { catalog, loaders }: GraphQLContext): Promise<FamilyType[]> {
    return [...(await loaders.definitions()).families.values()].sort((a, b) => a.code.localeCompare(b.code)).map(toFamily);
  }

  @Allow(...productReaders)
  @Query(() => FamilyType, { nullable: true, description: "One family; null when none has this code" })
  async family(
    @Arg("code", () => String, { description: "The family's code" }) code: string,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<FamilyType | null> {
    const family = (await loaders.definitions()).families.get(code);
    return family ? toFamily(family) : null;
  }

  @Allow(...productReaders)
  @Query(() => JSONObjectResolver, {
    nullable: true,
    description: "The JSON Schema a product of this family must satisfy (also at GET /schema/families/{code}.json); null when no family has this code",
  })
  async familySchema(
    @Arg("code", () => String, { description: "The family's code" }) code: string,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<Record<string, unknown> | null> {
    const definitions = await loaders.definitions();
    const family = definitions.families.get(code);
    return family ? familyProductSchema(family, definitions) : null;
  }

  @Allow(...productReaders)
  @Query(() => [FamilyVariantType], { description: "Family variants, optionally of one family" })
  async familyVariants(
    @Arg("family", () => String, { nullable: true, description: "Only the variants of this family; omitted or null: every family variant" }) family:
      | string
      | null,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<FamilyVariantType[]> {
    return [...(await loaders.definitions()).familyVariants.values()].filter((v) => !family || v.family === family).map((v) => as(FamilyVariantType, v));
  }

  @Allow()
  @Query(() => AxisChangeReportType, {
    description: "Dry run of saveFamilyVariant: which models and variants a change of axes affects, and what would block it",
  })
  async previewFamilyVariantChange(
    @Arg("input", () => FamilyVariantInput, { description: "The family variant as it would be saved" }) input: FamilyVariantInput,
    @Ctx() { catalog }: GraphQLContext,
  ): Promise<AxisChangeReportType> {
    const report = await catalog.previewFamilyVariantChange(plainInput(input));
    return as(AxisChangeReportType, {
      ...report,
      levels: report.levels.map((l) => as(VariantLevelChangeType, l)),
      missingAxisValues: report.missingAxisValues.map((m) => as(MissingAxisValueType, m)),
      duplicateCombinations: report.duplicateCombinations.map((d) => as(DuplicateAxisCombinationType, d)),
    });
  }

  @Allow(...productReaders)
  @Query(() => [CategoryType], { description: "Categories, optionally only one tree (the root and everything under it) or the children of one node" })
  async categories(
    @Arg("tree", () => String, { nullable: true, description: "Only this tree, named by its root's code; omitted or null: every tree" }) tree: string | null,
    @Arg("parent", () => String, { nullable: true, description: "Only the children of this category; omitted or null: every level" }) parent: string | null,
    @Ctx() { catalog, loaders }: GraphQLContext,
  ): Promise<CategoryType[]> {
    return (await catalog.read.categories({ tree, parent })).map((category) => toCategory(category));
  }

  @Allow(...productReaders)
  @Query(() => CategoryType, { nullable: true, description: "One category; null when none has this code" })
  async category(
    @Arg("code", () => String, { description: "The category's code" }) code: string,
    @Ctx() { loaders }: GraphQLContext,
  ): Promise<CategoryType | null> {
    const category = await loaders.categoryByCode.load(code);
    return category ? toCategory(category) : null;
  }

  @Allow()
  @Mutation(() => LocaleType, { description: "Creates or changes a locale" })
  async saveLocale(
    @Arg("input", () => LocaleInput, { description: "The locale" }) input: LocaleInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<LocaleType> {
    const { entity } = await catalog.saveLocale(plainInput(input, ["fallback"]), actor, mode);
    return as(LocaleType, { ...entity, code: entity._id });
  }

  @Allow()
  @Mutation(() => CurrencyType, { description: "Adds a currency to the catalog; saving one it has changes nothing" })
  async saveCurrency(
    @Arg("code", () => String, { description: "An ISO 4217 code, e.g. EUR" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<CurrencyType> {
    await catalog.saveCurrency({ code }, actor);
    return as(CurrencyType, { code });
  }

  @Allow()
  @Mutation(() => ChannelType, { description: "Creates or changes a channel, its export settings included" })
  async saveChannel(
    @Arg("input", () => ChannelInput, { description: "The channel" }) input: ChannelInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<ChannelType> {
    const { entity } = await catalog.saveChannel(plainInput(input), actor, mode);
    return as(ChannelType, { ...entity, code: entity._id });
  }

  @Allow()
  @Mutation(() => AttributeGroupType, { description: "Creates or changes an attribute group" })
  async saveAttributeGroup(
    @Arg("input", () => AttributeGroupInput, { description: "The attribute group" }) input: AttributeGroupInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<AttributeGroupType> {
    const { entity } = await catalog.saveAttributeGroup(plainInput(input), actor, mode);
    return as(AttributeGroupType, { ...entity, code: entity._id });
  }

  @Allow()
  @Mutation(() => AttributeType, {
    description: "Creates or changes an attribute and its options; removing an option products still use is refused with the usage count",
  })
  async saveAttribute(
    @Arg("input", () => AttributeInput, { description: "The attribute" }) input: AttributeInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<AttributeType> {
    const { entity } = await catalog.saveAttribute(plainInput(input), actor, mode);
    return toAttribute(Object.assign({ code: entity._id }, entity));
  }

  @Allow()
  @Mutation(() => FamilyType, { description: "Creates or changes a family; products' values of an attribute it drops stay as orphan values" })
  async saveFamily(
    @Arg("input", () => FamilyInput, { description: "The family" }) input: FamilyInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<FamilyType> {
    const plain = plainInput(input, ["imageAttribute"]);
    // Left out, requirements are left alone by a merge.
    const requirements = plain.requirements ? { requirements: Object.fromEntries(plain.requirements.map((r) => [r.channel, r.attributes])) } : {};
    const { entity } = await catalog.saveFamily({ ...plain, ...requirements }, actor, mode);
    return toFamily({ ...entity, code: entity._id, requirements: entity.requirements as Record<string, string[]> });
  }

  @Allow()
  @Mutation(() => FamilyVariantType, {
    description: "Creates or changes a family variant; a change of axes is refused when previewFamilyVariantChange says it is not applicable",
  })
  async saveFamilyVariant(
    @Arg("input", () => FamilyVariantInput, { description: "The family variant" }) input: FamilyVariantInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<FamilyVariantType> {
    const { entity } = await catalog.saveFamilyVariant(plainInput(input), actor, mode);
    return as(FamilyVariantType, { ...entity, code: entity._id });
  }

  @Allow()
  @Mutation(() => CategoryType, { description: "Creates or updates a category; changing parent moves it with its subtree, refused when it would make a cycle" })
  async saveCategory(
    @Arg("input", () => CategoryInput, { description: "The category" }) input: CategoryInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<CategoryType> {
    const { entity } = await catalog.saveCategory(plainInput(input, ["parent"]), actor, mode);
    const [stored] = await catalog.read.categories({ codes: [entity._id] });
    return toCategory(stored ?? entity);
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Deletes a category; refused with the reason while it has children, products or a channel" })
  async deleteCategory(
    @Arg("code", () => String, { description: "The category's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteCategory(code, actor);
    return true;
  }
}
