import { DateTimeResolver, JSONObjectResolver, JSONResolver } from "graphql-scalars";
import { Field, InputType, Int, registerEnumType } from "type-graphql";
import type { ConditionOperator, SortField } from "../../catalog/products/product-query.js";

export enum ConditionOperatorEnum {
  EQUALS = "EQUALS",
  IN = "IN",
  CONTAINS = "CONTAINS",
  RANGE = "RANGE",
  EMPTY = "EMPTY",
  NOT_EMPTY = "NOT_EMPTY",
}
registerEnumType(ConditionOperatorEnum, { name: "ConditionOperator" });

export enum ProductSortField {
  SKU = "SKU",
  UPDATED_AT = "UPDATED_AT",
  ATTRIBUTE = "ATTRIBUTE",
}
registerEnumType(ProductSortField, { name: "ProductSortField" });

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, { name: "SortDirection" });

@InputType({ description: "One value to set: data null or empty clears it" })
export class ValueInput {
  @Field(() => String) attribute!: string;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) channel?: string | null;
  @Field(() => JSONResolver, { nullable: true }) data?: unknown;
}

@InputType({ description: "Which value to clear" })
export class ValueKeyInput {
  @Field(() => String) attribute!: string;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) channel?: string | null;
}

@InputType()
export class AssociationInput {
  @Field(() => String, { description: "cross_sell, up_sell, related or accessories" }) type!: string;
  @Field(() => [String], { nullable: true }) products?: string[];
  @Field(() => [String], { nullable: true }) models?: string[];
}

export enum WriteModeEnum {
  MERGE = "merge",
  REPLACE = "replace",
}
registerEnumType(WriteModeEnum, {
  name: "WriteMode",
  description: "What a write does with what an item leaves out",
  valuesConfig: {
    MERGE: { description: "Keeps it: each value given replaces the value for its attribute, locale and channel (null data clears that one value); fields, attributes, locales and channels not given stay as stored" },
    REPLACE: { description: "Clears values: the item's values are the product's whole value set, so every value it does not give is removed (family, parent, categories, enabled and associations it leaves out still stay)" },
  },
});

/** The `mode` argument of the save mutations of reference data. */
export const mergeByDefault = {
  defaultValue: WriteModeEnum.MERGE,
  description: "MERGE (the default) keeps what the input leaves out: labels merge per locale (a label given as an empty string is removed), attribute options merge by code; REPLACE makes the input the whole entity",
};

@InputType({
  description:
    "A product to create or update. values: {attribute: [{locale, channel, data}]}, as validated by GET /schema/families/{family}.json. With WriteMode MERGE (the default) an existing product keeps what the item leaves out; with REPLACE its values are the whole value set",
})
export class ProductInput {
  @Field(() => String) sku!: string;
  @Field(() => String, { nullable: true }) family?: string | null;
  @Field(() => String, { nullable: true }) parent?: string | null;
  @Field(() => [String], { nullable: true }) categories?: string[];
  @Field(() => Boolean, { nullable: true }) enabled?: boolean;
  @Field(() => JSONObjectResolver, { nullable: true }) values?: Record<string, unknown>;
  @Field(() => [AssociationInput], { nullable: true }) associations?: AssociationInput[];
}

@InputType({ description: "A partial change: only what is given changes" })
export class ProductChangesInput {
  @Field(() => String, { nullable: true }) family?: string | null;
  @Field(() => String, { nullable: true, description: "The new parent model; to detach a variant, set detach" }) parent?: string | null;
  @Field(() => Boolean, { nullable: true }) detach?: boolean;
  @Field(() => [String], { nullable: true }) categories?: string[];
  @Field(() => Boolean, { nullable: true }) enabled?: boolean;
  @Field(() => [ValueInput], { nullable: true }) setValues?: ValueInput[];
  @Field(() => [ValueKeyInput], { nullable: true }) clearValues?: ValueKeyInput[];
  @Field(() => [AssociationInput], { nullable: true, description: "Replaces the associations of the given types" }) associations?: AssociationInput[];
}

@InputType()
export class ProductModelInput {
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) familyVariant?: string | null;
  @Field(() => String, { nullable: true }) parent?: string | null;
  @Field(() => [String], { nullable: true }) categories?: string[];
  @Field(() => JSONObjectResolver, { nullable: true }) values?: Record<string, unknown>;
  @Field(() => [AssociationInput], { nullable: true }) associations?: AssociationInput[];
}

@InputType()
export class AttributeConditionInput {
  @Field(() => String) attribute!: string;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) channel?: string | null;
  @Field(() => ConditionOperatorEnum) operator!: ConditionOperator;
  @Field(() => JSONResolver, { nullable: true, description: "For EQUALS and CONTAINS: a string, number or boolean" }) value?: unknown;
  @Field(() => [JSONResolver], { nullable: true, description: "For IN" }) values?: unknown[];
  @Field(() => JSONResolver, { nullable: true, description: "For RANGE: the lower bound, inclusive (a number, or a decimal string for measurements and prices)" }) min?: number | string | null;
  @Field(() => JSONResolver, { nullable: true, description: "For RANGE: the upper bound, inclusive" }) max?: number | string | null;
  @Field(() => String, { nullable: true, description: "For RANGE on a measurement: the unit of min and max, e.g. GRAM (default: the attribute's default unit); values in any unit are compared after conversion" }) unit?: string | null;
  @Field(() => String, { nullable: true, description: "For RANGE on a price collection: the currency compared, e.g. EUR (required)" }) currency?: string | null;
}

@InputType()
export class CompletenessConditionInput {
  @Field(() => String) channel!: string;
  @Field(() => String) locale!: string;
  @Field(() => Int, { description: "At least this percentage" }) min!: number;
}

@InputType()
export class ProductFilterInput {
  @Field(() => [String], { nullable: true }) categories?: string[];
  @Field(() => Boolean, { nullable: true, description: "Also match products in categories below the given ones" }) includeSubcategories?: boolean;
  @Field(() => [String], { nullable: true }) families?: string[];
  @Field(() => Boolean, { nullable: true }) enabled?: boolean;
  @Field(() => String, { nullable: true, description: "Only variants attached directly to this model" }) parent?: string;
  @Field(() => String, { nullable: true, description: "Every variant below this model: its own and those of its sub-models" }) ancestor?: string;
  @Field(() => [AttributeConditionInput], { nullable: true }) attributes?: AttributeConditionInput[];
  @Field(() => CompletenessConditionInput, { nullable: true }) completeness?: CompletenessConditionInput;
  @Field(() => DateTimeResolver, { nullable: true }) updatedSince?: Date;
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the SKU or label (at most 100 characters)" }) search?: string;
}

@InputType()
export class ProductSortInput {
  @Field(() => ProductSortField) field!: SortField;
  @Field(() => SortDirection, { nullable: true }) direction?: "ASC" | "DESC";
  @Field(() => String, { nullable: true }) attribute?: string;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) channel?: string | null;
}

export enum ProductModelSortField {
  CODE = "CODE",
  UPDATED_AT = "UPDATED_AT",
}
registerEnumType(ProductModelSortField, { name: "ProductModelSortField" });

@InputType({ description: "Which product models; every condition given must hold" })
export class ProductModelFilterInput {
  @Field(() => [String], { nullable: true }) familyVariants?: string[];
  @Field(() => [String], { nullable: true }) families?: string[];
  @Field(() => [String], { nullable: true, description: "Models in these categories or below them; a sub-model also by its root model's categories" }) categories?: string[];
  @Field(() => String, { nullable: true, description: "Only the sub-models of this model" }) parent?: string;
  @Field(() => Boolean, { nullable: true, description: "true: only root models; false: only sub-models" }) root?: boolean;
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the code (at most 100 characters)" }) search?: string;
  @Field(() => DateTimeResolver, { nullable: true, description: "Only models changed at or after this time" }) updatedSince?: Date;
}

@InputType()
export class ProductModelSortInput {
  @Field(() => ProductModelSortField, { defaultValue: ProductModelSortField.CODE }) field!: ProductModelSortField;
  @Field(() => SortDirection, { defaultValue: "ASC" }) direction!: "ASC" | "DESC";
}
