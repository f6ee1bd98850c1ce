import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { HistoryEntry } from "../../catalog/history/history.js";
import type { ItemStatus } from "../../catalog/products/save-products.js";
import { ProductType } from "./product.types.js";

// Enum values are the stored (or returned) words, so results pass through unchanged.
export enum ProductSaveStatusEnum {
  CREATED = "created",
  UPDATED = "updated",
  UNCHANGED = "unchanged",
}
registerEnumType(ProductSaveStatusEnum, {
  name: "ProductSaveStatus",
  description: "What a save did to a product",
  valuesConfig: {
    CREATED: { description: "The product was created" },
    UPDATED: { description: "The product was changed and its version increased" },
    UNCHANGED: { description: "The product already was as asked: nothing was written and its version stayed" },
  },
});

export enum ProductUpsertStatusEnum {
  CREATED = "created",
  UPDATED = "updated",
  UNCHANGED = "unchanged",
  ERROR = "error",
}
registerEnumType(ProductUpsertStatusEnum, {
  name: "ProductUpsertStatus",
  description: "What a bulk upsert did with one item",
  valuesConfig: {
    CREATED: { description: "The product was created" },
    UPDATED: { description: "The product was changed and its version increased" },
    UNCHANGED: { description: "The product already was as the item asks: nothing was written and its version stayed" },
    ERROR: { description: "The item was refused and nothing of it was written; errorCode and errors say why" },
  },
});

export enum CatalogEntityKind {
  PRODUCT = "product",
  PRODUCT_MODEL = "product_model",
  ATTRIBUTE = "attribute",
  ATTRIBUTE_GROUP = "attribute_group",
  FAMILY = "family",
  FAMILY_VARIANT = "family_variant",
  CATEGORY = "category",
  CHANNEL = "channel",
  LOCALE = "locale",
  CURRENCY = "currency",
  ECONOMIC_OPERATOR = "economic_operator",
}
registerEnumType(CatalogEntityKind, {
  name: "CatalogEntityKind",
  description: "A kind of catalog entity that keeps a history",
  valuesConfig: {
    PRODUCT: { description: "A product, named by its SKU" },
    PRODUCT_MODEL: { description: "A product model" },
    ATTRIBUTE: { description: "An attribute" },
    ATTRIBUTE_GROUP: { description: "An attribute group" },
    FAMILY: { description: "A family" },
    FAMILY_VARIANT: { description: "A family variant" },
    CATEGORY: { description: "A category" },
    CHANNEL: { description: "A channel" },
    LOCALE: { description: "A locale" },
    CURRENCY: { description: "A currency" },
    ECONOMIC_OPERATOR: { description: "An economic operator (GPSR manufacturer or responsible person)" },
  },
});

export enum HistoryActionEnum {
  CREATE = "create",
  UPDATE = "update",
  DELETE = "delete",
  REVERT = "revert",
}
registerEnumType(HistoryActionEnum, {
  name: "HistoryAction",
  description: "What a recorded change did to its entity",
  valuesConfig: {
    CREATE: { description: "Created it" },
    UPDATE: { description: "Changed it" },
    DELETE: { description: "Deleted it; after is null for every field" },
    REVERT: { description: "Restored the content of an earlier version (revertProduct), as a new version" },
  },
});

@ObjectType("FieldError", { description: "A problem with one field of the input, in an editor's words" })
export class FieldErrorType {
  @Field(() => [String], { description: 'Where in the input, e.g. ["values", "name"]' }) path!: string[];
  @Field(() => String, { description: "What is wrong, in plain words" }) message!: string;
  @Field(() => String, { nullable: true, description: "The attribute concerned; null when the problem is not about a value" }) attribute?: string | null;
  @Field(() => String, { nullable: true, description: "The value's locale; null when none is concerned" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "The value's channel; null when none is concerned" }) channel?: string | null;
}

@ObjectType("ProductUpsertResult", { description: "What happened to one item of a bulk upsert" })
export class ProductUpsertResultType {
  @Field(() => String, { description: "The item's SKU" }) sku!: string;
  @Field(() => ProductUpsertStatusEnum, { description: "What happened to the item" }) status!: ItemStatus;
  @Field(() => Int, {
    nullable: true,
    description: "The product's version after the call; for an error, the version it is at when known (as for a CONFLICT), else null",
  })
  version?: number | null;
  @Field(() => String, { nullable: true, description: "BAD_USER_INPUT, CONFLICT, NOT_FOUND… when status is ERROR" }) errorCode?: string | null;
  @Field(() => [FieldErrorType], { description: "Why the item was refused; empty unless status is ERROR" }) errors!: FieldErrorType[];
  @Field(() => [String], { description: "What the save changed on its own, such as removed unsafe HTML" }) warnings!: string[];
  @Field(() => ProductType, { nullable: true, description: "The product as saved; null when status is ERROR" }) product?: ProductType | null;
}

@ObjectType("ProductSaveResult", { description: "A saved product with anything the save changed on its own (such as removed unsafe HTML)" })
export class ProductSaveResultType {
  @Field(() => ProductType, { description: "The product after the save" }) product!: ProductType;
  @Field(() => ProductSaveStatusEnum, { description: "What the save did: UNCHANGED when nothing was written" }) status!: Exclude<ItemStatus, "error">;
  @Field(() => [String], { description: "What the save changed on its own, such as removed unsafe HTML" }) warnings!: string[];
}

@ObjectType("Change", { description: "One field of an entity before and after a recorded change" })
export class ChangeType {
  @Field(() => String, { description: "e.g. values.name.<all_channels>.en_US, categories, enabled" }) field!: string;
  @Field(() => JSONResolver, { nullable: true, description: "The field's value before; null when it had none" }) before!: unknown;
  @Field(() => JSONResolver, { nullable: true, description: "The field's value after; null when it has none" }) after!: unknown;
}

@ObjectType("HistoryEntry", { description: "One recorded change: who, when, what changed from what to what" })
export class HistoryEntryType {
  @Field(() => CatalogEntityKind, { description: "What kind of entity changed" }) entityType!: HistoryEntry["entityType"];
  @Field(() => String, { description: "The entity's code (a product's SKU)" }) entityId!: string;
  @Field(() => Int, { description: "The entity's version this change made" }) version!: number;
  @Field(() => String, { description: "Who made the change: the key's name and id, or the command line" }) author!: string;
  @Field(() => DateTimeResolver, { description: "When the change was made" }) at!: Date;
  @Field(() => HistoryActionEnum, { description: "What the change did" }) action!: HistoryEntry["action"];
  @Field(() => [ChangeType], { description: "The fields that changed, by field name" }) changes!: ChangeType[];
}
