import { JSONObjectResolver } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import type { AttributeConstraints, Labels } from "../../catalog/definitions.js";
import type { ChannelExportSettings } from "../../feeds/channel-export-settings.js";

@InputType()
export class LocaleInput {
  @Field(() => String) code!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true }) fallback?: string | null;
}

@InputType()
export class ChannelInput {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: "locale → label" }) labels?: Labels;
  @Field(() => [String]) locales!: string[];
  @Field(() => [String]) currencies!: string[];
  @Field(() => String) categoryTree!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: "Export settings as schema/channel-export.schema.json describes them; omitted or null: the channel has no feed" })
  export?: ChannelExportSettings | null;
}

@InputType()
export class AttributeGroupInput {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { nullable: true }) labels?: Labels;
  @Field(() => Int, { nullable: true }) sortOrder?: number;
}

@InputType()
export class AttributeOptionInput {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { nullable: true }) labels?: Labels;
  @Field(() => Int, { nullable: true }) sortOrder?: number;
}

@InputType()
export class AttributeInput {
  @Field(() => String) code!: string;
  @Field(() => String) type!: string;
  @Field(() => String) group!: string;
  @Field(() => JSONObjectResolver, { nullable: true }) labels?: Labels;
  @Field(() => Int, { nullable: true }) sortOrder?: number;
  @Field(() => Boolean, { nullable: true }) localizable?: boolean;
  @Field(() => Boolean, { nullable: true }) scopable?: boolean;
  @Field(() => Boolean, { nullable: true }) unique?: boolean;
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: "maxLength, pattern, gtin, richText, min, max, decimalsAllowed, measurementFamily, defaultUnit, allowedUnits",
  })
  constraints?: AttributeConstraints;
  @Field(() => [AttributeOptionInput], { nullable: true }) options?: AttributeOptionInput[];
}

@InputType()
export class ChannelRequirementInput {
  @Field(() => String) channel!: string;
  @Field(() => [String]) attributes!: string[];
}

@InputType()
export class FamilyInput {
  @Field(() => String) code!: string;
  @Field(() => JSONObjectResolver, { nullable: true }) labels?: Labels;
  @Field(() => [String]) attributes!: string[];
  @Field(() => String) labelAttribute!: string;
  @Field(() => String, { nullable: true }) imageAttribute?: string | null;
  @Field(() => [ChannelRequirementInput], { nullable: true }) requirements?: ChannelRequirementInput[];
}

@InputType()
export class VariantLevelInput {
  @Field(() => [String]) axes!: string[];
  @Field(() => [String], { nullable: true }) attributes?: string[];
}

@InputType()
export class FamilyVariantInput {
  @Field(() => String) code!: string;
  @Field(() => String) family!: string;
  @Field(() => JSONObjectResolver, { nullable: true }) labels?: Labels;
  @Field(() => [VariantLevelInput]) levels!: VariantLevelInput[];
}

@InputType()
export class CategoryInput {
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) parent?: string | null;
  @Field(() => JSONObjectResolver, { nullable: true }) labels?: Labels;
  @Field(() => Int, { nullable: true }) sortOrder?: number;
}
