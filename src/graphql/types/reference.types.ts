import { JSONObjectResolver } from "graphql-scalars";
import { Allow } from "../../auth/roles.js";
import { Arg, Field, Int, ObjectType } from "type-graphql";
import type { Labels } from "../../catalog/definitions.js";
import type { ChannelExportSettings } from "../../feeds/channel-export-settings.js";

function pickLabel(labels: Labels, locale: string | null | undefined, fallback: string): string {
  return (locale && labels[locale]) || labels.en_US || Object.values(labels)[0] || fallback;
}

@ObjectType("Locale", { description: "A locale the catalog holds values in, with the locale to read when a value is missing" })
export class LocaleType {
  @Field(() => String) code!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) fallback!: string | null;
}

@ObjectType("Currency", { description: "An ISO 4217 currency the catalog holds prices in" })
export class CurrencyType {
  @Field(() => String) code!: string;
}

@ObjectType("Labelled")
export abstract class Labelled {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { description: "locale → label" }) labels!: Labels;

  @Field(() => String, { description: "The label in the locale, else English, else the code" })
  label(@Arg("locale", () => String, { nullable: true }) locale?: string): string {
    return pickLabel(this.labels, locale, this.code);
  }
}

@ObjectType("Channel", { description: "Where products are published: values and completeness are scoped to channels" })
export class ChannelType extends Labelled {
  @Field(() => [String]) locales!: string[];
  @Field(() => [String]) currencies!: string[];
  @Field(() => String, { description: "Code of the root category of the tree the channel publishes" }) categoryTree!: string;
  @Allow("editor")
  @Field(() => JSONObjectResolver, { nullable: true, description: "How the channel's feed is rendered (schema/channel-export.schema.json); null for a channel without a feed" })
  export!: ChannelExportSettings | null;
}

@ObjectType("AttributeGroup")
export class AttributeGroupType extends Labelled {
  @Field(() => Int) sortOrder!: number;
}

@ObjectType("AttributeOption")
export class AttributeOptionType extends Labelled {
  @Field(() => Int) sortOrder!: number;
}

@ObjectType("Attribute", { description: "An attribute: what a value means, its type, flags and constraints" })
export class AttributeType extends Labelled {
  @Field(() => String, { description: "identifier, text, textarea, number, boolean, date, simpleselect, multiselect, price_collection, measurement, media or url" })
  type!: string;
  @Field(() => String) group!: string;
  @Field(() => Int) sortOrder!: number;
  @Field(() => Boolean) localizable!: boolean;
  @Field(() => Boolean) scopable!: boolean;
  @Field(() => Boolean) unique!: boolean;
  @Field(() => JSONObjectResolver) constraints!: Record<string, unknown>;
  @Field(() => [AttributeOptionType]) options!: AttributeOptionType[];
}

@ObjectType("ChannelRequirement")
export class ChannelRequirementType {
  @Field(() => String) channel!: string;
  @Field(() => [String]) attributes!: string[];
}

@ObjectType("Family", { description: "A kind of product: its attributes and what each channel requires" })
export class FamilyType extends Labelled {
  @Field(() => [String]) attributeCodes!: string[];
  @Field(() => String) labelAttribute!: string;
  @Field(() => String, { nullable: true }) imageAttribute!: string | null;
  @Field(() => [ChannelRequirementType]) requirements!: ChannelRequirementType[];
}

@ObjectType("VariantLevel")
export class VariantLevelType {
  @Field(() => [String]) axes!: string[];
  @Field(() => [String]) attributes!: string[];
}

@ObjectType("FamilyVariant", { description: "How a family's products vary: one or two levels of axes" })
export class FamilyVariantType extends Labelled {
  @Field(() => String) family!: string;
  @Field(() => [VariantLevelType]) levels!: VariantLevelType[];
}

@ObjectType("Category", { description: "A node of a category tree" })
export class CategoryType extends Labelled {
  @Field(() => String, { nullable: true }) parent!: string | null;
  @Field(() => [String], { description: "Ancestor codes from the root down" }) ancestors!: string[];
  @Field(() => Int) sortOrder!: number;
}

@ObjectType("VariantLevelChange")
export class VariantLevelChangeType {
  @Field(() => Int) level!: number;
  @Field(() => [String]) axesBefore!: string[];
  @Field(() => [String]) axesAfter!: string[];
  @Field(() => Int, { description: "Sub-models or variant products at this level" }) members!: number;
}

@ObjectType("MissingAxisValue")
export class MissingAxisValueType {
  @Field(() => String, { description: "model or product" }) kind!: string;
  @Field(() => String) code!: string;
  @Field(() => [String]) axes!: string[];
}

@ObjectType("DuplicateAxisCombination")
export class DuplicateAxisCombinationType {
  @Field(() => String) parent!: string;
  @Field(() => String) axisValues!: string;
  @Field(() => [String]) members!: string[];
}

@ObjectType("AxisChangeReport", { description: "What changing a family variant's axes would do; saving refuses a change that is not applicable" })
export class AxisChangeReportType {
  @Field(() => String) familyVariant!: string;
  @Field(() => [VariantLevelChangeType]) levels!: VariantLevelChangeType[];
  @Field(() => [MissingAxisValueType]) missingAxisValues!: MissingAxisValueType[];
  @Field(() => [DuplicateAxisCombinationType]) duplicateCombinations!: DuplicateAxisCombinationType[];
  @Field(() => Int, { description: "Models and products that get a new axis combination" }) membersToRekey!: number;
  @Field(() => Boolean) applicable!: boolean;
}
