import { JSONObjectResolver } from "graphql-scalars";
import { Allow } from "../../auth/roles.js";
import { Arg, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { AttributeType as StoredAttributeType, Labels } from "../../catalog/definitions.js";
import type { ChannelExportSettings } from "../../feeds/channel-export-settings.js";

// Enum values are the stored words (src/catalog/definitions.ts attributeTypes), so inputs pass through to the catalog and stored data back out unchanged.
export enum AttributeTypeEnum {
  IDENTIFIER = "identifier",
  TEXT = "text",
  TEXTAREA = "textarea",
  NUMBER = "number",
  BOOLEAN = "boolean",
  DATE = "date",
  SIMPLESELECT = "simpleselect",
  MULTISELECT = "multiselect",
  PRICE_COLLECTION = "price_collection",
  MEASUREMENT = "measurement",
  MEDIA = "media",
  URL = "url",
}
registerEnumType(AttributeTypeEnum, {
  name: "AttributeType",
  description: "What kind of data an attribute's values hold; GET /schema/families/{family}.json gives each type's JSON form",
  valuesConfig: {
    IDENTIFIER: {
      description: "The catalog's one identifier attribute (the SKU): text of 1 to 255 characters without spaces, neither localizable nor scopable",
    },
    TEXT: {
      description:
        "One line of text (at most 255 characters unless maxLength says otherwise); constraints maxLength, pattern, gtin and economicOperator (the code of an economic operator)",
    },
    TEXTAREA: { description: "Longer text (at most 65,535 characters unless maxLength says otherwise); with constraint richText, safe HTML" },
    NUMBER: { description: "A whole number, or any number with decimalsAllowed; constraints min and max" },
    BOOLEAN: { description: "true or false" },
    DATE: { description: "A calendar date, YYYY-MM-DD" },
    SIMPLESELECT: { description: "The code of one of the attribute's options" },
    MULTISELECT: { description: "Codes of any of the attribute's options, each at most once" },
    PRICE_COLLECTION: { description: "Prices as {amount, currency} with decimal-string amounts, at most one per catalog currency" },
    MEASUREMENT: {
      description: "{amount, unit}: a decimal-string amount and a unit of measurementFamily (or of allowedUnits); constraints min, max and defaultUnit",
    },
    MEDIA: { description: "Ids of uploaded assets, in order (at most 50); the first is the main image" },
    URL: { description: "An http:// or https:// URL" },
  },
});

export enum AxisMemberKindEnum {
  MODEL = "model",
  PRODUCT = "product",
}
registerEnumType(AxisMemberKindEnum, {
  name: "AxisMemberKind",
  description: "Whether a member of a family variant is a product model or a variant product",
  valuesConfig: {
    MODEL: { description: "A product model; code is the model's code" },
    PRODUCT: { description: "A variant product; code is the product's SKU" },
  },
});

function pickLabel(labels: Labels, locale: string | null | undefined, fallback: string): string {
  return (locale && labels[locale]) || labels.en_US || Object.values(labels)[0] || fallback;
}

@ObjectType("Locale", { description: "A locale the catalog holds values in, with the locale to read when a value is missing" })
export class LocaleType {
  @Field(() => String, { description: "language_COUNTRY, e.g. en_US" }) code!: string;
  @Field(() => String, { description: "A name for people" }) label!: string;
  @Field(() => String, { nullable: true, description: "The locale read when a value is missing in this one; null for none" }) fallback!: string | null;
}

@ObjectType("Currency", { description: "An ISO 4217 currency the catalog holds prices in" })
export class CurrencyType {
  @Field(() => String, { description: "ISO 4217 code, e.g. EUR" }) code!: string;
}

@ObjectType("Labelled")
export abstract class Labelled {
  @Field(() => String, { description: "The code that identifies it" }) code!: string;
  @Field(() => JSONObjectResolver, { description: "locale → label" }) labels!: Labels;

  @Field(() => String, { description: "The label in the locale, else the en_US one, else any label, else the code" })
  label(@Arg("locale", () => String, { nullable: true, description: "A locale code such as pl_PL; omitted or null: en_US" }) locale?: string): string {
    return pickLabel(this.labels, locale, this.code);
  }
}

@ObjectType("Channel", { description: "Where products are published: values and completeness are scoped to channels" })
export class ChannelType extends Labelled {
  @Field(() => [String], { description: "The locales the channel publishes; the first is its default" }) locales!: string[];
  @Field(() => [String], { description: "ISO 4217 codes of the currencies it sells in" }) currencies!: string[];
  @Field(() => String, { description: "Code of the root category of the tree the channel publishes" }) categoryTree!: string;
  @Allow("editor")
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "How the channel's feed is rendered (schema/channel-export.schema.json); null for a channel without a feed",
  })
  export!: ChannelExportSettings | null;
}

@ObjectType("AttributeGroup", { description: "A group of attributes, for editors' screens" })
export class AttributeGroupType extends Labelled {
  @Field(() => Int, { description: "Position among groups, from 0" }) sortOrder!: number;
}

@ObjectType("AttributeOption", { description: "An option of a simple or multi select attribute; values hold its code" })
export class AttributeOptionType extends Labelled {
  @Field(() => Int, { description: "Position among the attribute's options, from 0" }) sortOrder!: number;
}

@ObjectType("Attribute", { description: "An attribute: what a value means, its type, flags and constraints" })
export class AttributeType extends Labelled {
  @Field(() => AttributeTypeEnum, { description: "What kind of data its values hold" })
  type!: StoredAttributeType;
  @Field(() => String, { description: "The attribute group's code" }) group!: string;
  @Field(() => Int, { description: "Position among attributes, from 0" }) sortOrder!: number;
  @Field(() => Boolean, { description: "Whether values differ per locale" }) localizable!: boolean;
  @Field(() => Boolean, { description: "Whether values may differ per channel" }) scopable!: boolean;
  @Field(() => Boolean, { description: "Whether no two products may share a value" }) unique!: boolean;
  @Field(() => JSONObjectResolver, {
    description:
      "maxLength, pattern, gtin, economicOperator, richText, min, max, decimalsAllowed, measurementFamily, defaultUnit or allowedUnits, as the type allows; {} for none",
  })
  constraints!: Record<string, unknown>;
  @Field(() => [AttributeOptionType], { description: "Select attributes: their options, in order; empty for other types" }) options!: AttributeOptionType[];
}

@ObjectType("ChannelRequirement", { description: "The attributes a family requires on one channel" })
export class ChannelRequirementType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => [String], { description: "Codes of the attributes that must have a value for a product to be complete there" }) attributes!: string[];
}

@ObjectType("Family", { description: "A kind of product: its attributes and what each channel requires" })
export class FamilyType extends Labelled {
  @Field(() => [String], { description: "Codes of the family's attributes" }) attributeCodes!: string[];
  @Field(() => String, { description: "The attribute whose value names the family's products" }) labelAttribute!: string;
  @Field(() => String, { nullable: true, description: "The media attribute that holds the products' main images; null for none" }) imageAttribute!:
    | string
    | null;
  @Field(() => [ChannelRequirementType], { description: "What each channel requires for completeness" }) requirements!: ChannelRequirementType[];
}

@ObjectType("VariantLevel", { description: "One level of a family variant: what it varies by and which values it holds" })
export class VariantLevelType {
  @Field(() => [String], { description: "The attributes the level varies by" }) axes!: string[];
  @Field(() => [String], { description: "The other attributes whose values this level holds" }) attributes!: string[];
}

@ObjectType("FamilyVariant", { description: "How a family's products vary: one or two levels of axes" })
export class FamilyVariantType extends Labelled {
  @Field(() => String, { description: "The family's code" }) family!: string;
  @Field(() => [VariantLevelType], { description: "Level 1 (sub-models, or the variants with one level), then level 2 (variants)" })
  levels!: VariantLevelType[];
}

@ObjectType("Category", { description: "A node of a category tree" })
export class CategoryType extends Labelled {
  @Field(() => String, { nullable: true, description: "The parent category's code; null for the root of a tree" }) parent!: string | null;
  @Field(() => [String], { description: "Ancestor codes from the root down" }) ancestors!: string[];
  @Field(() => Int, { description: "Position among its siblings, from 0" }) sortOrder!: number;
}

@ObjectType("VariantLevelChange", { description: "How one level's axes would change" })
export class VariantLevelChangeType {
  @Field(() => Int, { description: "The level, from 1" }) level!: number;
  @Field(() => [String], { description: "Its axes now" }) axesBefore!: string[];
  @Field(() => [String], { description: "Its axes after the change" }) axesAfter!: string[];
  @Field(() => Int, { description: "Sub-models or variant products at this level" }) members!: number;
}

@ObjectType("MissingAxisValue", { description: "A model or variant without a value for a new axis: it blocks the change" })
export class MissingAxisValueType {
  @Field(() => AxisMemberKindEnum, { description: "Whether it is a product model or a variant product" }) kind!: "model" | "product";
  @Field(() => String, { description: "The model's code or the product's SKU" }) code!: string;
  @Field(() => [String], { description: "The new axes it has no value for" }) axes!: string[];
}

@ObjectType("DuplicateAxisCombination", { description: "Members of one parent that would share the same axis values: it blocks the change" })
export class DuplicateAxisCombinationType {
  @Field(() => String, { description: "The parent model's code" }) parent!: string;
  @Field(() => String, { description: "The shared axis values" }) axisValues!: string;
  @Field(() => [String], { description: "Codes or SKUs of the members that would share them" }) members!: string[];
}

@ObjectType("AxisChangeReport", { description: "What changing a family variant's axes would do; saving refuses a change that is not applicable" })
export class AxisChangeReportType {
  @Field(() => String, { description: "The family variant's code" }) familyVariant!: string;
  @Field(() => [VariantLevelChangeType], { description: "Each level's axes before and after" }) levels!: VariantLevelChangeType[];
  @Field(() => [MissingAxisValueType], { description: "Members without a value for a new axis" }) missingAxisValues!: MissingAxisValueType[];
  @Field(() => [DuplicateAxisCombinationType], { description: "Members that would share axis values" }) duplicateCombinations!: DuplicateAxisCombinationType[];
  @Field(() => Int, { description: "Models and products that get a new axis combination" }) membersToRekey!: number;
  @Field(() => Boolean, { description: "True when saving the change would be accepted" }) applicable!: boolean;
}
