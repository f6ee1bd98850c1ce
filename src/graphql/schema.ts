import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { AssociationFieldsResolver, ProductConnectionResolver, ProductFieldsResolver } from "./resolvers/product-fields.resolver.js";
import { ProductModelConnectionResolver, ProductModelResolver } from "./resolvers/product-model.resolver.js";
import { ProductResolver } from "./resolvers/product.resolver.js";
import { ReferenceDataResolver } from "./resolvers/reference.resolver.js";
import { CatalogAdminResolver } from "./resolvers/catalog-admin.resolver.js";
import { ChannelFeedResolver } from "./resolvers/channel-feed.resolver.js";
import { FeedDeliveryResolver } from "./resolvers/feed-delivery.resolver.js";
import { WebhookResolver } from "./resolvers/webhook.resolver.js";
import { OfferResolver } from "./resolvers/offer.resolver.js";
import { EconomicOperatorResolver } from "./resolvers/economic-operator.resolver.js";
import { MediaResolver, ProductImageResolver } from "./resolvers/media.resolver.js";
import { ApiKeyResolver } from "./resolvers/api-key.resolver.js";
import { enforceFieldAccess } from "../auth/field-access.js";
import { BulkResolver } from "./resolvers/bulk.resolver.js";
import { BackgroundJobResolver } from "./resolvers/background-job.resolver.js";
import { describeSchema } from "./schema-descriptions.js";

export const resolvers = [
  ReferenceDataResolver,
  CatalogAdminResolver,
  ProductResolver,
  ProductFieldsResolver,
  AssociationFieldsResolver,
  ProductConnectionResolver,
  ProductModelResolver,
  ProductModelConnectionResolver,
  FeedDeliveryResolver,
  ChannelFeedResolver,
  WebhookResolver,
  OfferResolver,
  EconomicOperatorResolver,
  MediaResolver,
  ProductImageResolver,
  ApiKeyResolver,
  BulkResolver,
  BackgroundJobResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** Built once per process: type-graphql's metadata is global, and the schema never changes at run time. */
export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: [...resolvers], validate: false })
    .then(enforceFieldAccess)
    .then(describeSchema);
  return built;
}
