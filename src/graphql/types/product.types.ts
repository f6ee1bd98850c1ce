import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { StoredProduct, StoredProductModel } from "../../catalog/products/product-document.js";
import type { associationTypes } from "../../catalog/validation/family-schema.js";

/** cross_sell, up_sell, related or accessories, as stored. */
export type StoredAssociationType = (typeof associationTypes)[number];

// Enum values are the stored words (associationTypes in src/catalog/validation/family-schema.ts), so inputs pass through and stored data back out unchanged.
export enum AssociationTypeEnum {
  CROSS_SELL = "cross_sell",
  UP_SELL = "up_sell",
  RELATED = "related",
  ACCESSORIES = "accessories",
}
registerEnumType(AssociationTypeEnum, {
  name: "AssociationType",
  description: "How associated products and models relate to a product",
  valuesConfig: {
    CROSS_SELL: { description: "Products bought together with it" },
    UP_SELL: { description: "Better or dearer alternatives to it" },
    RELATED: { description: "Related products" },
    ACCESSORIES: { description: "Accessories for it" },
  },
});

@ObjectType("ProductValue", { description: "One stored value: an attribute's data for a channel (or all) and a locale (or all)" })
export class ProductValueType {
  @Field(() => String, { description: "The attribute's code" }) attribute!: string;
  @Field(() => String, { nullable: true, description: "null for values of non-localizable attributes" }) locale!: string | null;
  @Field(() => String, { nullable: true, description: "null for values of non-scopable attributes" }) channel!: string | null;
  @Field(() => JSONResolver, { nullable: true, description: "The value in its attribute type's JSON form, as GET /schema/families/{family}.json describes it" })
  data!: unknown;
  @Field(() => String, { description: "Where the value comes from: the product itself or the code of the model it inherits it from" })
  source!: string;
}

@ObjectType("OrphanValue", {
  description:
    "A stored value the catalog would refuse today (its attribute left the family, its locale or channel is gone); kept until an editor clears it, and never blocking other edits",
})
export class OrphanValueType {
  @Field(() => String, { description: "The attribute's code" }) attribute!: string;
  @Field(() => String, { nullable: true, description: "The value's locale; null for a value shared by all locales" }) locale!: string | null;
  @Field(() => String, { nullable: true, description: "The value's channel; null for a value shared by all channels" }) channel!: string | null;
  @Field(() => JSONResolver, { nullable: true, description: "The value as stored" }) data!: unknown;
  @Field(() => String, { description: "Why the catalog would not accept it now" }) reason!: string;
}

@ObjectType("ResolvedValue", { description: "One value resolved for a storefront, with where it was found" })
export class ResolvedValueType {
  @Field(() => String, { description: "The attribute's code" }) attribute!: string;
  @Field(() => JSONResolver, { nullable: true, description: "The value in its attribute type's JSON form" }) data!: unknown;
  @Field(() => String, { nullable: true, description: "The locale the value was found in (a fallback when it differs from the one asked)" }) locale!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "The channel the value was found for; null when the all-channels value was used" }) channel!:
    | string
    | null;
}

@ObjectType("Completeness", { description: "How complete a product is for one channel and locale" })
export class CompletenessType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => String, { description: "One of the channel's locales" }) locale!: string;
  @Field(() => Int, { description: "How many attributes the family requires on this channel" }) required!: number;
  @Field(() => [String], { description: "Codes of the required attributes without a value (a price counts only with every currency of the channel)" })
  missing!: string[];
  @Field(() => Int, { description: "Percentage, rounded down" }) ratio!: number;
}

@ObjectType("Product", { description: "A product: one sellable item, possibly a variant of a product model" })
export class ProductType {
  @Field(() => ID, { description: "The product's internal id; the SKU is what other calls take" }) id!: string;
  @Field(() => String, { description: "The product's SKU, unique in the catalog" }) sku!: string;
  @Field(() => String, { nullable: true, description: "The family's code; null when the product has none" }) familyCode!: string | null;
  @Field(() => String, { nullable: true, description: "Code of the product model this product is a variant of; null for a product without a model" })
  parentCode!: string | null;
  @Field(() => [String], { description: "Codes of the product's own categories (categories adds its models')" }) categoryCodes!: string[];
  @Field(() => Boolean, { description: "Whether channels get the product; a disabled product reaches no channel" }) enabled!: boolean;
  @Field(() => Int, { description: "Increases with every change; send it back as expectedVersion to avoid overwriting someone else's change" })
  version!: number;
  @Field(() => DateTimeResolver, { description: "When the product was created" }) createdAt!: Date;
  @Field(() => DateTimeResolver, { description: "When its content last changed (price and stock changes set offer.updatedAt instead)" }) updatedAt!: Date;
  stored!: StoredProduct;
}

@ObjectType("ProductModel", { description: "A product model: the values shared by a group of variants" })
export class ProductModelType {
  @Field(() => ID, { description: "The model's internal id; the code is what other calls take" }) id!: string;
  @Field(() => String, { description: "The model's code, unique in the catalog" }) code!: string;
  @Field(() => String, { description: "The family of its family variant" }) familyCode!: string;
  @Field(() => String, { description: "The family variant's code" }) familyVariantCode!: string;
  @Field(() => String, { nullable: true, description: "For a sub-model: its root model's code; null for a root model" }) parentCode!: string | null;
  @Field(() => [String], { description: "Codes of the model's own categories" }) categoryCodes!: string[];
  @Field(() => Int, { description: "Increases with every change; send it back as expectedVersion to avoid overwriting someone else's change" })
  version!: number;
  @Field(() => DateTimeResolver, { description: "When the model was created" }) createdAt!: Date;
  @Field(() => DateTimeResolver, { description: "When it last changed" }) updatedAt!: Date;
  stored!: StoredProductModel;
}

@ObjectType("Association", { description: "The products and product models one association type links a product to" })
export class AssociationType {
  @Field(() => AssociationTypeEnum, { description: "The association type" }) type!: StoredAssociationType;
  productSkus!: string[];
  modelCodes!: string[];
}

@ObjectType("PageInfo", { description: "Where a page stands in the whole list (Relay)" })
export class PageInfoType {
  @Field(() => Boolean, { description: "True when more items follow endCursor" }) hasNextPage!: boolean;
  @Field(() => Boolean, { description: "True when the page was asked for with an after cursor" }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "Cursor of the page's first item; null for an empty page" }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: "Cursor of the page's last item, to pass as after for the next page; null for an empty page" })
  endCursor!: string | null;
}

@ObjectType("ProductEdge", { description: "One product of a page, with its cursor" })
export class ProductEdgeType {
  @Field(() => String, { description: "Opaque; pass it as after to continue after this product with the same sort" }) cursor!: string;
  @Field(() => ProductType, { description: "The product" }) node!: ProductType;
}

@ObjectType("ProductConnection", { description: "A page of products (Relay cursor connection)" })
export class ProductConnectionType {
  @Field(() => [ProductEdgeType], { description: "The page's products, in sort order" }) edges!: ProductEdgeType[];
  @Field(() => PageInfoType, { description: "Cursors and whether more products follow" }) pageInfo!: PageInfoType;
  countTotal!: () => Promise<number>;
}

@ObjectType("ProductModelEdge", { description: "One product model of a page, with its cursor" })
export class ProductModelEdgeType {
  @Field(() => String, { description: "Opaque; pass it as after to continue after this model with the same sort" }) cursor!: string;
  @Field(() => ProductModelType, { description: "The product model" }) node!: ProductModelType;
}

@ObjectType("ProductModelConnection", { description: "A page of product models (Relay cursor connection)" })
export class ProductModelConnectionType {
  @Field(() => [ProductModelEdgeType], { description: "The page's product models, in sort order" }) edges!: ProductModelEdgeType[];
  @Field(() => PageInfoType, { description: "Cursors and whether more models follow" }) pageInfo!: PageInfoType;
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
