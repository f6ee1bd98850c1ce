import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { ProductType } from "./product.types.js";

@ObjectType("FieldError", { description: "A problem with one field of the input, in an editor's words" })
export class FieldErrorType {
  @Field(() => [String]) path!: string[];
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) attribute?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) channel?: string | null;
}

@ObjectType("ProductUpsertResult", { description: "What happened to one item of a bulk upsert" })
export class ProductUpsertResultType {
  @Field(() => String) sku!: string;
  @Field(() => String, { description: "created, updated, unchanged or error" }) status!: string;
  @Field(() => Int, { nullable: true }) version?: number | null;
  @Field(() => String, { nullable: true, description: "BAD_USER_INPUT, CONFLICT, NOT_FOUND… when status is error" }) errorCode?: string | null;
  @Field(() => [FieldErrorType]) errors!: FieldErrorType[];
  @Field(() => [String]) warnings!: string[];
  @Field(() => ProductType, { nullable: true }) product?: ProductType | null;
}

@ObjectType("ProductSaveResult", { description: "A saved product with anything the save changed on its own (such as removed unsafe HTML)" })
export class ProductSaveResultType {
  @Field(() => ProductType) product!: ProductType;
  @Field(() => String) status!: string;
  @Field(() => [String]) warnings!: string[];
}

@ObjectType("Change")
export class ChangeType {
  @Field(() => String, { description: "e.g. values.name.<all_channels>.en_US, categories, enabled" }) field!: string;
  @Field(() => JSONResolver, { nullable: true }) before!: unknown;
  @Field(() => JSONResolver, { nullable: true }) after!: unknown;
}

@ObjectType("HistoryEntry", { description: "One recorded change: who, when, what changed from what to what" })
export class HistoryEntryType {
  @Field(() => String) entityType!: string;
  @Field(() => String) entityId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) author!: string;
  @Field(() => DateTimeResolver) at!: Date;
  @Field(() => String) action!: string;
  @Field(() => [ChangeType]) changes!: ChangeType[];
}
