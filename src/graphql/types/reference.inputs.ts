import { JSONObjectResolver } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import type { AttributeConstraints, AttributeType, Labels } from "../../catalog/definitions.js";
import type { ChannelExportSettings } from "../../feeds/channel-export-settings.js";
import { AttributeTypeEnum } from "./reference.types.js";

@InputType({ description: "A locale to create or change" })
export class LocaleInput {
  @Field(() => String, { description: "language_COUNTRY, e.g. en_US or pl_PL" }) code!: string;
  @Field(() => String, { description: "A name for people, 1 to 100 characters" }) label!: string;
  @Field(() => String, { nullable: true, description: "The locale read when a value is missing in this one; null for none. Fallbacks may not loop" }) fallback?:
    | string
    | null;
}

@InputType({ description: "A channel to create or change" })
export class ChannelInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 100 characters" }) code!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => [String], { description: "The locales the channel publishes (at least one); reads for the channel without a locale use the first" })
  locales!: string[];
  @Field(() => [String], { description: "ISO 4217 codes of the currencies it sells in (at least one)" }) currencies!: string[];
  @Field(() => String, { description: "Code of the root category of the tree the channel publishes" }) categoryTree!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "Export settings as schema/channel-export.schema.json describes them; omitted or null: the channel has no feed",
  })
  export?: ChannelExportSettings | null;
}

@InputType({ description: "An attribute group to create or change" })
export class AttributeGroupInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 100 characters" }) code!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => Int, { nullable: true, description: "Position among groups, from 0 (default 0)" }) sortOrder?: number;
}

@InputType({ description: "An option of a simple or multi select attribute" })
export class AttributeOptionInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter or digit; at most 100 characters" }) code!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => Int, { nullable: true, description: "Position among the options, from 0 (default: its index in the list)" }) sortOrder?: number;
}

@InputType({ description: "An attribute to create or change; type, localizable, scopable and unique cannot change once it exists" })
export class AttributeInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 100 characters" }) code!: string;
  @Field(() => AttributeTypeEnum, { description: "What kind of data its values hold" }) type!: AttributeType;
  @Field(() => String, { description: "Code of an existing attribute group" }) group!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => Int, { nullable: true, description: "Position among attributes, from 0 (default 0)" }) sortOrder?: number;
  @Field(() => Boolean, { nullable: true, description: "Whether values differ per locale; default false" }) localizable?: boolean;
  @Field(() => Boolean, { nullable: true, description: "Whether values may differ per channel; default false" }) scopable?: boolean;
  @Field(() => Boolean, { nullable: true, description: "Whether no two products may share a value (not with localizable or scopable); default false" })
  unique?: boolean;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "maxLength, pattern, gtin, economicOperator, richText, min, max, decimalsAllowed, measurementFamily, defaultUnit, allowedUnits",
  })
  constraints?: AttributeConstraints;
  @Field(() => [AttributeOptionInput], {
    nullable: true,
    description: "Select attributes only (at most 10,000); with MERGE they merge by code, with REPLACE the list is the whole set",
  })
  options?: AttributeOptionInput[];
}

@InputType({ description: "The attributes a family requires on one channel" })
export class ChannelRequirementInput {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => [String], { description: "Codes of attributes of the family that must have a value for the product to be complete" }) attributes!: string[];
}

@InputType({ description: "A family to create or change" })
export class FamilyInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 100 characters" }) code!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => [String], { description: "Codes of its attributes (1 to 2,000); must include the catalog's identifier attribute" }) attributes!: string[];
  @Field(() => String, { description: "A text or identifier attribute of the family whose value names its products" }) labelAttribute!: string;
  @Field(() => String, { nullable: true, description: "The media attribute of the family that holds its products' main images; null for none" })
  imageAttribute?: string | null;
  @Field(() => [ChannelRequirementInput], { nullable: true, description: "What each channel requires; omitted keeps the stored requirements (MERGE)" })
  requirements?: ChannelRequirementInput[];
}

@InputType({ description: "One level of a family variant" })
export class VariantLevelInput {
  @Field(() => [String], {
    description: "1 to 5 attributes the level varies by: simple select, boolean or measurement, neither localizable, scopable nor unique",
  })
  axes!: string[];
  @Field(() => [String], { nullable: true, description: "The other attributes whose values this level holds (its axes are included anyway); omitted: none" })
  attributes?: string[];
}

@InputType({ description: "A family variant to create or change" })
export class FamilyVariantInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 100 characters" }) code!: string;
  @Field(() => String, { description: "The family's code; cannot change once saved" }) family!: string;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => [VariantLevelInput], { description: "One or two levels; their number cannot change once saved" }) levels!: VariantLevelInput[];
}

@InputType({ description: "A category to create or change" })
export class CategoryInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 100 characters" }) code!: string;
  @Field(() => String, {
    nullable: true,
    description: "The parent category's code; null makes the category the root of a tree. Omitted: MERGE keeps it where it is, REPLACE makes it a root",
  })
  parent?: string | null;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "locale → label (each 1 to 255 characters); with MERGE, an empty label removes that locale's",
  })
  labels?: Labels;
  @Field(() => Int, { nullable: true, description: "Position among its siblings, from 0 (default 0)" }) sortOrder?: number;
}
