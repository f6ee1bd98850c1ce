import { DateTimeResolver, JSONObjectResolver, JSONResolver } from "graphql-scalars";
import { Field, InputType, Int, registerEnumType } from "type-graphql";
import type { ConditionOperator, SortField } from "../../catalog/products/product-query.js";
import { AssociationTypeEnum, type StoredAssociationType } from "./product.types.js";

export enum ConditionOperatorEnum {
  EQUALS = "EQUALS",
  IN = "IN",
  CONTAINS = "CONTAINS",
  RANGE = "RANGE",
  EMPTY = "EMPTY",
  NOT_EMPTY = "NOT_EMPTY",
}
registerEnumType(ConditionOperatorEnum, {
  name: "ConditionOperator",
  description: "How an attribute condition compares a product's value; a variant without a value of its own is judged by the value it inherits",
  valuesConfig: {
    EQUALS: { description: "The value equals value" },
    IN: { description: "The value equals one of values" },
    CONTAINS: {
      description: "The value contains value as text, case-insensitively (for lists, any item does); only the first 100 characters of value are used",
    },
    RANGE: { description: "The value lies between min and max, both inclusive; give at least one of them" },
    EMPTY: { description: "There is no value" },
    NOT_EMPTY: { description: "There is a value" },
  },
});

export enum ProductSortField {
  SKU = "SKU",
  UPDATED_AT = "UPDATED_AT",
  ATTRIBUTE = "ATTRIBUTE",
}
registerEnumType(ProductSortField, {
  name: "ProductSortField",
  description: "What products are sorted by",
  valuesConfig: {
    SKU: { description: "The SKU (the default)" },
    UPDATED_AT: { description: "The time of the last change" },
    ATTRIBUTE: {
      description:
        "The value of sort.attribute (identifier, text, number, boolean, date, simpleselect or measurement attributes); products without one come first in ascending order",
    },
  },
});

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, {
  name: "SortDirection",
  description: "The order of a sort",
  valuesConfig: {
    ASC: { description: "Ascending (the default)" },
    DESC: { description: "Descending" },
  },
});

@InputType({ description: "One value to set: data null or empty clears it" })
export class ValueInput {
  @Field(() => String, { description: "The attribute's code" }) attribute!: string;
  @Field(() => String, { nullable: true, description: "For a localizable attribute: the locale; null for the others" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "For a scopable attribute: the channel; null for the others" }) channel?: string | null;
  @Field(() => JSONResolver, {
    nullable: true,
    description: "The value as the family's JSON Schema describes it (GET /schema/families/{family}.json); null or empty clears it",
  })
  data?: unknown;
}

@InputType({ description: "Which value to clear" })
export class ValueKeyInput {
  @Field(() => String, { description: "The attribute's code" }) attribute!: string;
  @Field(() => String, { nullable: true, description: "For a localizable attribute: the locale; null for the others" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "For a scopable attribute: the channel; null for the others" }) channel?: string | null;
}

@InputType({ description: "What one association type links to; it replaces what that type linked before" })
export class AssociationInput {
  @Field(() => AssociationTypeEnum, { description: "The association type whose links this replaces" }) type!: StoredAssociationType;
  @Field(() => [String], { nullable: true, description: "SKUs of the associated products; omitted or null: none" }) products?: string[];
  @Field(() => [String], { nullable: true, description: "Codes of the associated product models; omitted or null: none" }) models?: string[];
}

export enum WriteModeEnum {
  MERGE = "merge",
  REPLACE = "replace",
}
registerEnumType(WriteModeEnum, {
  name: "WriteMode",
  description: "What a write does with what an item leaves out",
  valuesConfig: {
    MERGE: {
      description:
        "Keeps it: each value given replaces the value for its attribute, locale and channel (null data clears that one value); fields, attributes, locales and channels not given stay as stored",
    },
    REPLACE: {
      description:
        "Clears values: the item's values are the product's whole value set, so every value it does not give is removed (family, parent, categories, enabled and associations it leaves out still stay)",
    },
  },
});

/** The `mode` argument of the save mutations of reference data. */
export const mergeByDefault = {
  defaultValue: WriteModeEnum.MERGE,
  description:
    "MERGE (the default) keeps what the input leaves out: labels merge per locale (a label given as an empty string is removed), attribute options merge by code; REPLACE makes the input the whole entity",
};

@InputType({
  description:
    "A product to create or update; each value's data is validated as GET /schema/families/{family}.json describes it. With WriteMode MERGE (the default) an existing product keeps what the item leaves out; with REPLACE its values are the whole value set",
})
export class ProductInput {
  @Field(() => String, { description: "The product's SKU: 1 to 255 characters, without spaces or control characters" }) sku!: string;
  @Field(() => String, { nullable: true, description: "Family code; required for a new product unless its parent gives it; omitted keeps the stored one" })
  family?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Code of the product model this product is a variant of; null detaches a variant; omitted keeps the stored one",
  })
  parent?: string | null;
  @Field(() => [String], { nullable: true, description: "Category codes; replaces the product's own categories; omitted keeps them" }) categories?: string[];
  @Field(() => Boolean, { nullable: true, description: "Whether channels get the product; omitted keeps the stored flag (true for a new product)" })
  enabled?: boolean;
  @Field(() => [ValueInput], {
    nullable: true,
    description:
      "Values to set, one per attribute, locale and channel (the same input as updateProduct's setValues); how values not given are treated depends on the WriteMode",
  })
  values?: ValueInput[] | null;
  @Field(() => [AssociationInput], { nullable: true, description: "Replaces the associations of the given types; omitted keeps them" })
  associations?: AssociationInput[];
}

@InputType({ description: "A partial change: only what is given changes" })
export class ProductChangesInput {
  @Field(() => String, { nullable: true, description: "A new family code" }) family?: string | null;
  @Field(() => String, { nullable: true, description: "The new parent model; to detach a variant, set detach" }) parent?: string | null;
  @Field(() => Boolean, { nullable: true, description: "true detaches a variant from its parent model" }) detach?: boolean;
  @Field(() => [String], { nullable: true, description: "Category codes; replaces the product's own categories" }) categories?: string[];
  @Field(() => Boolean, { nullable: true, description: "Whether channels get the product" }) enabled?: boolean;
  @Field(() => [ValueInput], { nullable: true, description: "Values to set, one per attribute, locale and channel; the others stay" }) setValues?: ValueInput[];
  @Field(() => [ValueKeyInput], { nullable: true, description: "Values to remove; works even for a locale or channel that no longer exists" })
  clearValues?: ValueKeyInput[];
  @Field(() => [AssociationInput], { nullable: true, description: "Replaces the associations of the given types" }) associations?: AssociationInput[];
}

@InputType({ description: "A product model to create or update; on update, fields left out keep their stored value" })
export class ProductModelInput {
  @Field(() => String, { description: "The model's code" }) code!: string;
  @Field(() => String, { nullable: true, description: "Family variant code; needed for a root model, a sub-model takes its parent's" }) familyVariant?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "For a sub-model (two-level family variants): the root model's code; null for a root model" }) parent?:
    | string
    | null;
  @Field(() => [String], { nullable: true, description: "Category codes; replaces the model's own categories" }) categories?: string[];
  @Field(() => JSONObjectResolver, { nullable: true, description: "The model's own values, {attribute: [{locale, channel, data}]}, as for products" })
  values?: Record<string, unknown>;
  @Field(() => [AssociationInput], { nullable: true, description: "Replaces the associations of the given types" }) associations?: AssociationInput[];
}

@InputType({ description: "A condition on one attribute's value" })
export class AttributeConditionInput {
  @Field(() => String, { description: "The attribute's code" }) attribute!: string;
  @Field(() => String, { nullable: true, description: "For a localizable attribute: the locale of the value compared" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "For a scopable attribute: the channel of the value compared" }) channel?: string | null;
  @Field(() => ConditionOperatorEnum, { description: "How the value is compared" }) operator!: ConditionOperator;
  @Field(() => JSONResolver, { nullable: true, description: "For EQUALS and CONTAINS: a string, number or boolean" }) value?: unknown;
  @Field(() => [JSONResolver], { nullable: true, description: "For IN" }) values?: unknown[];
  @Field(() => JSONResolver, {
    nullable: true,
    description: "For RANGE: the lower bound, inclusive (a number, or a decimal string for measurements and prices)",
  })
  min?: number | string | null;
  @Field(() => JSONResolver, { nullable: true, description: "For RANGE: the upper bound, inclusive" }) max?: number | string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "For RANGE on a measurement: the unit of min and max, e.g. GRAM (default: the attribute's default unit); values in any unit are compared after conversion",
  })
  unit?: string | null;
  @Field(() => String, { nullable: true, description: "For RANGE on a price collection: the currency compared, e.g. EUR (required)" }) currency?: string | null;
}

@InputType({ description: "Only products at least this complete on a channel and locale" })
export class CompletenessConditionInput {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => String, { description: "A locale the channel publishes" }) locale!: string;
  @Field(() => Int, { description: "At least this percentage" }) min!: number;
}

@InputType({ description: "Which products; every condition given must hold, and omitted ones do not filter" })
export class ProductFilterInput {
  @Field(() => [String], { nullable: true, description: "In any of these categories, by its own categories or its models'" }) categories?: string[];
  @Field(() => Boolean, { nullable: true, description: "Also match products in categories below the given ones" }) includeSubcategories?: boolean;
  @Field(() => [String], { nullable: true, description: "In any of these families" }) families?: string[];
  @Field(() => Boolean, { nullable: true, description: "Only enabled (true) or only disabled (false) products" }) enabled?: boolean;
  @Field(() => String, { nullable: true, description: "Only variants attached directly to this model" }) parent?: string;
  @Field(() => String, { nullable: true, description: "Every variant below this model: its own and those of its sub-models" }) ancestor?: string;
  @Field(() => [AttributeConditionInput], { nullable: true, description: "Conditions on values; every one must hold" }) attributes?: AttributeConditionInput[];
  @Field(() => CompletenessConditionInput, { nullable: true, description: "A minimum completeness on a channel and locale" })
  completeness?: CompletenessConditionInput;
  @Field(() => DateTimeResolver, { nullable: true, description: "Only products changed at or after this time" }) updatedSince?: Date;
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the SKU or label (at most 100 characters)" }) search?: string;
}

@InputType({ description: "How products are ordered; ties are broken by the product's id" })
export class ProductSortInput {
  @Field(() => ProductSortField, { description: "What to sort by" }) field!: SortField;
  @Field(() => SortDirection, { nullable: true, description: "Omitted or null: ASC" }) direction?: "ASC" | "DESC";
  @Field(() => String, { nullable: true, description: "For ATTRIBUTE (required then): the attribute's code" }) attribute?: string;
  @Field(() => String, { nullable: true, description: "For ATTRIBUTE on a localizable attribute: the locale of the values compared" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "For ATTRIBUTE on a scopable attribute: the channel of the values compared" }) channel?: string | null;
}

export enum ProductModelSortField {
  CODE = "CODE",
  UPDATED_AT = "UPDATED_AT",
}
registerEnumType(ProductModelSortField, {
  name: "ProductModelSortField",
  description: "What product models are sorted by",
  valuesConfig: {
    CODE: { description: "The model's code (the default)" },
    UPDATED_AT: { description: "The time of the last change" },
  },
});

@InputType({ description: "Which product models; every condition given must hold" })
export class ProductModelFilterInput {
  @Field(() => [String], { nullable: true, description: "Of any of these family variants" }) familyVariants?: string[];
  @Field(() => [String], { nullable: true, description: "Of any of these families" }) families?: string[];
  @Field(() => [String], { nullable: true, description: "Models in these categories or below them; a sub-model also by its root model's categories" })
  categories?: string[];
  @Field(() => String, { nullable: true, description: "Only the sub-models of this model" }) parent?: string;
  @Field(() => Boolean, { nullable: true, description: "true: only root models; false: only sub-models" }) root?: boolean;
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the code (at most 100 characters)" }) search?: string;
  @Field(() => DateTimeResolver, { nullable: true, description: "Only models changed at or after this time" }) updatedSince?: Date;
}

@InputType({ description: "How product models are ordered" })
export class ProductModelSortInput {
  @Field(() => ProductModelSortField, { defaultValue: ProductModelSortField.CODE, description: "What to sort by (default CODE)" })
  field!: ProductModelSortField;
  @Field(() => SortDirection, { defaultValue: "ASC", description: "The order (default ASC)" }) direction!: "ASC" | "DESC";
}
