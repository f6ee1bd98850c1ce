import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { ProductType } from "./product.types.js";

@ObjectType("FieldError", { description: "A problem with one field of the input, in an editor's words" })
export class FieldErrorType {
  @Field(() => [String], { description: "Where in the input, e.g. [\"values\", \"name\"]" }) path!: string[];
  @Field(() => String, { description: "What is wrong, in plain words" }) message!: string;
  @Field(() => String, { nullable: true, description: "The attribute concerned; null when the problem is not about a value" }) attribute?: string | null;
  @Field(() => String, { nullable: true, description: "The value's locale; null when none is concerned" }) locale?: string | null;
  @Field(() => String, { nullable: true, description: "The value's channel; null when none is concerned" }) channel?: string | null;
}

@ObjectType("ProductUpsertResult", { description: "What happened to one item of a bulk upsert" })
export class ProductUpsertResultType {
  @Field(() => String, { description: "The item's SKU" }) sku!: string;
  @Field(() => String, { description: "created, updated, unchanged or error" }) status!: string;
  @Field(() => Int, { nullable: true, description: "The product's version after the call; for an error, the version it is at when known (as for a CONFLICT), else null" }) version?: number | null;
  @Field(() => String, { nullable: true, description: "BAD_USER_INPUT, CONFLICT, NOT_FOUND… when status is error" }) errorCode?: string | null;
  @Field(() => [FieldErrorType], { description: "Why the item was refused; empty unless status is error" }) errors!: FieldErrorType[];
  @Field(() => [String], { description: "What the save changed on its own, such as removed unsafe HTML" }) warnings!: string[];
  @Field(() => ProductType, { nullable: true, description: "The product as saved; null when status is error" }) product?: ProductType | null;
}

@ObjectType("ProductSaveResult", { description: "A saved product with anything the save changed on its own (such as removed unsafe HTML)" })
export class ProductSaveResultType {
  @Field(() => ProductType, { description: "The product after the save" }) product!: ProductType;
  @Field(() => String, { description: "created, updated or unchanged (nothing was written)" }) status!: string;
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
  @Field(() => String, { description: "What changed: product, product_model, attribute, attribute_group, family, family_variant, category, channel, locale, currency, stock_location or promotion" }) entityType!: string;
  @Field(() => String, { description: "The entity's code (a product's SKU)" }) entityId!: string;
  @Field(() => Int, { description: "The entity's version this change made" }) version!: number;
  @Field(() => String, { description: "Who made the change: the key's name and id, or the command line" }) author!: string;
  @Field(() => DateTimeResolver, { description: "When the change was made" }) at!: Date;
  @Field(() => String, { description: "create, update, delete or revert" }) action!: string;
  @Field(() => [ChangeType], { description: "The fields that changed, by field name" }) changes!: ChangeType[];
}
