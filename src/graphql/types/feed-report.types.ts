import { DateTimeResolver } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("FeedProblem", { description: "Why an item was left out of a feed (error) or changed to fit it (warning)" })
export class FeedProblemType {
  @Field(() => String) sku!: string;
  @Field(() => String, { description: "The item's id in the channel: the SKU, or a variant parent's SKU" }) itemId!: string;
  @Field(() => String, { description: "error or warning" }) severity!: string;
  @Field(() => String, { description: "The channel's field, e.g. title or g:price's schema path" }) field!: string;
  @Field(() => String) reason!: string;
}

@ObjectType("FeedReport", { description: "The outcome of one feed generation" })
export class FeedReportType {
  @Field(() => String) channel!: string;
  @Field(() => String) exporter!: string;
  @Field(() => DateTimeResolver) startedAt!: Date;
  @Field(() => DateTimeResolver) finishedAt!: Date;
  @Field(() => Int) durationMs!: number;
  @Field(() => Int) productsRead!: number;
  @Field(() => Int, { description: "Disabled products are never sent to a channel" }) productsDisabled!: number;
  @Field(() => Int, { description: "Products a channel rule excluded" }) productsExcluded!: number;
  @Field(() => Int) itemsWritten!: number;
  @Field(() => Int) itemsRejected!: number;
  @Field(() => Int) warnings!: number;
  @Field(() => Int, { description: "Size of the feed file in bytes" }) bytes!: number;
  @Field(() => [FeedProblemType], { description: "The first 1,000 problems; the counts cover all of them" }) problems!: FeedProblemType[];
  @Field(() => Boolean) problemsTruncated!: boolean;
}

@ObjectType("FeedToken")
export class FeedTokenType {
  @Field(() => String) channel!: string;
  @Field(() => String, { description: "Shown only now; the PIM keeps a hash. The previous token stops working at once." }) token!: string;
  @Field(() => String, { description: "The feed's pull path with the token, to give to the marketplace" }) pullPath!: string;
}
