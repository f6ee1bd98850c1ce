import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType("MediaAltText")
export class MediaAltTextType {
  @Field(() => String) locale!: string;
  @Field(() => String) text!: string;
}

@ObjectType("MediaRendition", { description: "One preset's picture of an asset, served at a stable URL with immutable caching" })
export class MediaRenditionType {
  @Field(() => String) preset!: string;
  @Field(() => String, { description: "channel, thumbnail, zoom, srcset or app" }) purpose!: string;
  @Field(() => String, { description: "Path on this service: GET /media/{asset}/{preset}" }) url!: string;
  @Field(() => String, { description: "jpeg, webp, avif or png" }) format!: string;
  @Field(() => Int, { nullable: true, description: "The size it comes out at; null for a framed preset, whose size depends on the picture's content" }) width!: number | null;
  @Field(() => Int, { nullable: true }) height!: number | null;
  @Field(() => String, { nullable: true, description: "Why the original cannot meet this preset's minimum (it is never upscaled); null when it can" }) tooSmall!: string | null;
}

@ObjectType("MediaAsset", { description: "An uploaded original, content-addressed: its id is the sha256 of its bytes" })
export class MediaAssetType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "From the bytes: jpeg, png, webp, avif, gif or tiff" }) format!: string;
  @Field(() => String) mimeType!: string;
  @Field(() => Int, { description: "Upright, after the EXIF orientation" }) width!: number;
  @Field(() => Int) height!: number;
  @Field(() => Int) bytes!: number;
  @Field(() => String, { description: "sha256:<hex>" }) checksum!: string;
  @Field(() => String, { description: "The most common colour, #rrggbb" }) dominantColor!: string;
  @Field(() => String, { nullable: true }) originalName!: string | null;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => [MediaAltTextType]) altTexts!: MediaAltTextType[];
  @Field(() => String, { description: "Path of the original: GET /media/{asset}" }) url!: string;
  @Field(() => [MediaRenditionType]) renditions!: MediaRenditionType[];
}

@InputType()
export class MediaAltTextInput {
  @Field(() => String) locale!: string;
  @Field(() => String, { nullable: true, description: "null or empty removes the locale's alt text" }) text?: string | null;
}

@InputType({ description: "Which media value of the product: the all-channels one, or a channel's override (scopable media attributes)" })
export class ProductMediaTargetInput {
  @Field(() => String) sku!: string;
  @Field(() => String) attribute!: string;
  @Field(() => String, { nullable: true }) channel?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
}

@ObjectType("ProductImage", { description: "One image of a product's media value, in order (the first is the main image)" })
export class ProductImageType {
  @Field(() => ID) asset!: string;
  @Field(() => Int, { nullable: true, description: "The original's width; null when the asset is missing" }) width!: number | null;
  @Field(() => Int, { nullable: true }) height!: number | null;
  altTexts!: Record<string, string>;
}
