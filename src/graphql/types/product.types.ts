import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import type { StoredProduct, StoredProductModel } from "../../catalog/products/product-document.js";

@ObjectType("ProductValue", { description: "One stored value: an attribute's data for a channel (or all) and a locale (or all)" })
export class ProductValueType {
  @Field(() => String) attribute!: string;
  @Field(() => String, { nullable: true, description: "null for values of non-localizable attributes" }) locale!: string | null;
  @Field(() => String, { nullable: true, description: "null for values of non-scopable attributes" }) channel!: string | null;
  @Field(() => JSONResolver, { nullable: true }) data!: unknown;
  @Field(() => String, { description: "Where the value comes from: the product itself or the code of the model it inherits it from" })
  source!: string;
}

@ObjectType("OrphanValue", { description: "A stored value the catalog would refuse today (its attribute left the family, its locale or channel is gone); kept until an editor clears it, and never blocking other edits" })
export class OrphanValueType {
  @Field(() => String) attribute!: string;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => JSONResolver, { nullable: true }) data!: unknown;
  @Field(() => String, { description: "Why the catalog would not accept it now" }) reason!: string;
}

@ObjectType("ResolvedValue", { description: "One value resolved for a storefront, with where it was found" })
export class ResolvedValueType {
  @Field(() => String) attribute!: string;
  @Field(() => JSONResolver, { nullable: true }) data!: unknown;
  @Field(() => String, { nullable: true, description: "The locale the value was found in (a fallback when it differs from the one asked)" }) locale!: string | null;
  @Field(() => String, { nullable: true, description: "The channel the value was found for; null when the all-channels value was used" }) channel!: string | null;
}

@ObjectType("Completeness", { description: "How complete a product is for one channel and locale" })
export class CompletenessType {
  @Field(() => String) channel!: string;
  @Field(() => String) locale!: string;
  @Field(() => Int) required!: number;
  @Field(() => [String]) missing!: string[];
  @Field(() => Int, { description: "Percentage, rounded down" }) ratio!: number;
}

@ObjectType("Product", { description: "A product: one sellable item, possibly a variant of a product model" })
export class ProductType {
  @Field(() => ID) id!: string;
  @Field(() => String) sku!: string;
  @Field(() => String, { nullable: true }) familyCode!: string | null;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @Field(() => [String]) categoryCodes!: string[];
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Int, { description: "Increases with every change; send it back as expectedVersion to avoid overwriting someone else's change" })
  version!: number;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;
  stored!: StoredProduct;
}

@ObjectType("ProductModel", { description: "A product model: the values shared by a group of variants" })
export class ProductModelType {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) familyCode!: string;
  @Field(() => String) familyVariantCode!: string;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @Field(() => [String]) categoryCodes!: string[];
  @Field(() => Int) version!: number;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;
  stored!: StoredProductModel;
}

@ObjectType("Association")
export class AssociationType {
  @Field(() => String, { description: "cross_sell, up_sell, related or accessories" }) type!: string;
  productSkus!: string[];
  modelCodes!: string[];
}

@ObjectType("PageInfo")
export class PageInfoType {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType("ProductEdge")
export class ProductEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => ProductType) node!: ProductType;
}

@ObjectType("ProductConnection", { description: "A page of products (Relay cursor connection)" })
export class ProductConnectionType {
  @Field(() => [ProductEdgeType]) edges!: ProductEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  countTotal!: () => Promise<number>;
}

@ObjectType("ProductModelEdge")
export class ProductModelEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => ProductModelType) node!: ProductModelType;
}

@ObjectType("ProductModelConnection", { description: "A page of product models (Relay cursor connection)" })
export class ProductModelConnectionType {
  @Field(() => [ProductModelEdgeType]) edges!: ProductModelEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  countTotal!: () => Promise<number>;
}

export function toProductType(stored: StoredProduct): ProductType {
  return Object.assign(new ProductType(), {
    id: String(stored._id),
    sku: stored.sku,
    familyCode: stored.family,
    parentCode: stored.parent,
    categoryCodes: stored.categories,
    enabled: stored.enabled,
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    stored,
  });
}

export function toProductModelType(stored: StoredProductModel): ProductModelType {
  return Object.assign(new ProductModelType(), {
    id: String(stored._id),
    code: stored.code,
    familyCode: stored.family,
    familyVariantCode: stored.familyVariant,
    parentCode: stored.parent,
    categoryCodes: stored.categories,
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    stored,
  });
}
