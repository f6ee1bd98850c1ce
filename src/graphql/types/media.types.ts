import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { OutputFormat, RenditionPreset } from "../../media/presets.js";
import type { ImageFormat } from "../../media/safe-sharp.js";

// Enum values are the stored words (allowedFormats in src/media/safe-sharp.ts, schema/media-presets.schema.json).
export enum ImageFormatEnum {
  JPEG = "jpeg",
  PNG = "png",
  WEBP = "webp",
  AVIF = "avif",
  GIF = "gif",
  TIFF = "tiff",
}
registerEnumType(ImageFormatEnum, {
  name: "ImageFormat",
  description: "An image file format; uploads may be any of them, renditions are JPEG, WEBP, AVIF or PNG",
  valuesConfig: {
    JPEG: { description: "JPEG (image/jpeg)" },
    PNG: { description: "PNG (image/png)" },
    WEBP: { description: "WebP (image/webp)" },
    AVIF: { description: "AVIF (image/avif)" },
    GIF: { description: "GIF (image/gif); uploads only" },
    TIFF: { description: "TIFF (image/tiff); uploads only" },
  },
});

export enum RenditionPurposeEnum {
  CHANNEL = "channel",
  THUMBNAIL = "thumbnail",
  ZOOM = "zoom",
  SRCSET = "srcset",
  APP = "app",
}
registerEnumType(RenditionPurposeEnum, {
  name: "RenditionPurpose",
  description: "What a rendition preset is for (src/media/media-presets.json defines the presets)",
  valuesConfig: {
    CHANNEL: { description: "The images of a sales channel's feed, to that channel's rules" },
    THUMBNAIL: { description: "A small preview" },
    ZOOM: { description: "A large picture to zoom into" },
    SRCSET: { description: "One width of a website's responsive image set" },
    APP: { description: "The mobile app's images" },
  },
});

@ObjectType("MediaAltText", { description: "An asset's alternative text in one locale" })
export class MediaAltTextType {
  @Field(() => String, { description: "Locale code, e.g. en_US" }) locale!: string;
  @Field(() => String, { description: "The text that describes the image (at most 1,000 characters)" }) text!: string;
}

@ObjectType("MediaRendition", { description: "One preset's picture of an asset, served at a stable URL with immutable caching" })
export class MediaRenditionType {
  @Field(() => String, { description: "The preset's name, e.g. thumbnail, web_960 or google" }) preset!: string;
  @Field(() => RenditionPurposeEnum, { description: "What the preset is for" }) purpose!: RenditionPreset["purpose"];
  @Field(() => String, { description: "Path on this service: GET /media/{asset}/{preset}" }) url!: string;
  @Field(() => ImageFormatEnum, { description: "The rendition's format: JPEG, WEBP, AVIF or PNG" }) format!: OutputFormat;
  @Field(() => Int, {
    nullable: true,
    description: "The width it comes out at, in pixels; null for a framed preset of an asset stored before the product's place in it was measured",
  })
  width!: number | null;
  @Field(() => Int, { nullable: true, description: "The height it comes out at, in pixels; null where width is" }) height!: number | null;
  @Field(() => String, { nullable: true, description: "Why the original cannot meet this preset's minimum (it is never upscaled); null when it can" })
  tooSmall!: string | null;
}

@ObjectType("MediaAsset", { description: "An uploaded original, content-addressed: its id is the sha256 of its bytes" })
export class MediaAssetType {
  @Field(() => ID, { description: "The sha256 of the original's bytes, in hex" }) id!: string;
  @Field(() => ImageFormatEnum, { description: "The original's format, told from its bytes" }) format!: ImageFormat;
  @Field(() => String, { description: "The MIME type of the format, e.g. image/jpeg" }) mimeType!: string;
  @Field(() => Int, { description: "Width in pixels, upright, after the EXIF orientation" }) width!: number;
  @Field(() => Int, { description: "Height in pixels, upright, after the EXIF orientation" }) height!: number;
  @Field(() => Int, { description: "Size of the original in bytes" }) bytes!: number;
  @Field(() => String, { description: "sha256:<hex>" }) checksum!: string;
  @Field(() => String, { description: "The most common colour, #rrggbb" }) dominantColor!: string;
  @Field(() => String, { nullable: true, description: "The file name given at upload; null when none was given" }) originalName!: string | null;
  @Field(() => DateTimeResolver, { description: "When the asset was first uploaded" }) createdAt!: Date;
  @Field(() => [MediaAltTextType], { description: "Alternative texts, one per locale that has one" }) altTexts!: MediaAltTextType[];
  @Field(() => String, { description: "Path of the original: GET /media/{asset}" }) url!: string;
  @Field(() => [MediaRenditionType], { description: "One rendition per configured preset" }) renditions!: MediaRenditionType[];
}

@InputType({ description: "An alt text to set for one locale" })
export class MediaAltTextInput {
  @Field(() => String, { description: "A locale of the catalog, which the key may edit" }) locale!: string;
  @Field(() => String, { nullable: true, description: "At most 1,000 characters; null or empty removes the locale's alt text" }) text?: string | null;
}

@InputType({ description: "Which media value of the product: the all-channels one, or a channel's override (scopable media attributes)" })
export class ProductMediaTargetInput {
  @Field(() => String, { description: "The product's SKU" }) sku!: string;
  @Field(() => String, { description: "Code of a media attribute of the product" }) attribute!: string;
  @Field(() => String, { nullable: true, description: "A channel's own images (scopable attributes only); omitted or null: the all-channels value" }) channel?:
    | string
    | null;
  @Field(() => String, {
    nullable: true,
    description: "For a localizable media attribute: the locale's value; omitted or null: the value shared by all locales",
  })
  locale?: string | null;
}

@ObjectType("ProductImage", { description: "One image of a product's media value, in order (the first is the main image)" })
export class ProductImageType {
  @Field(() => ID, { description: "The asset's id (sha256 of its bytes)" }) asset!: string;
  @Field(() => Int, { nullable: true, description: "The original's width; null when the asset is missing" }) width!: number | null;
  @Field(() => Int, { nullable: true, description: "The original's height; null when the asset is missing" }) height!: number | null;
  altTexts!: Record<string, string>;
}
