import { DateTimeResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { FeedProblem } from "../../feeds/export-run.js";
import type { FeedState } from "../../feeds/feed-service.js";
import { BackgroundJobStateEnum } from "./background-job.types.js";

export enum FeedProblemSeverityEnum {
  ERROR = "error",
  WARNING = "warning",
}
registerEnumType(FeedProblemSeverityEnum, {
  name: "FeedProblemSeverity",
  description: "Whether a feed problem kept an item out or only changed it",
  valuesConfig: {
    ERROR: { description: "The item (or the whole product) was left out of the feed" },
    WARNING: { description: "The item was changed to fit the channel, e.g. a text shortened, and stays in the feed" },
  },
});

@ObjectType("FeedProblem", { description: "Why an item was left out of a feed (error) or changed to fit it (warning)" })
export class FeedProblemType {
  @Field(() => String, { description: "The product's SKU" }) sku!: string;
  @Field(() => String, { description: "The item's id in the channel: the SKU, or a variant parent's SKU" }) itemId!: string;
  @Field(() => FeedProblemSeverityEnum, { description: "ERROR: left out; WARNING: changed to fit" }) severity!: FeedProblem["severity"];
  @Field(() => String, { description: "The channel's field, e.g. title or g:price's schema path" }) field!: string;
  @Field(() => String, { description: "What is wrong or what was changed, in plain words" }) reason!: string;
}

@ObjectType("FeedReport", { description: "The outcome of one feed generation" })
export class FeedReportType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => String, { description: "The channel's exporter, e.g. google-merchant" }) exporter!: string;
  @Field(() => DateTimeResolver, { description: "When the generation started" }) startedAt!: Date;
  @Field(() => DateTimeResolver, { description: "When it finished" }) finishedAt!: Date;
  @Field(() => Int, { description: "How long it took, in milliseconds" }) durationMs!: number;
  @Field(() => Int, { description: "Products read from the catalog, disabled and excluded ones included" }) productsRead!: number;
  @Field(() => Int, { description: "Disabled products are never sent to a channel" }) productsDisabled!: number;
  @Field(() => Int, { description: "Products a channel rule excluded" }) productsExcluded!: number;
  @Field(() => Int, { description: "Items written to the feed" }) itemsWritten!: number;
  @Field(() => Int, { description: "Items left out of the feed because of an error (a product rejected as a whole counts once)" }) itemsRejected!: number;
  @Field(() => Int, { description: "Problems of severity WARNING: items changed to fit the channel" }) warnings!: number;
  @Field(() => Int, { description: "Size of the feed in bytes, every part together" }) bytes!: number;
  @Field(() => Int, {
    description: "Files the feed was cut into for a channel with limits per file or request (GET /feeds/{channel}/parts/{n}); 1 otherwise",
  })
  parts!: number;
  @Field(() => [FeedProblemType], { description: "The first 1,000 problems; the counts cover all of them" }) problems!: FeedProblemType[];
  @Field(() => Boolean, { description: "True when there were more than 1,000 problems" }) problemsTruncated!: boolean;
}

@ObjectType("FeedToken", { description: "A new secret for a channel's feed pull URL" })
export class FeedTokenType {
  @Field(() => String, { description: "The channel's code" }) channel!: string;
  @Field(() => String, { description: "Shown only now; the PIM keeps a hash. The previous token stops working at once." }) token!: string;
  @Field(() => String, { description: "The feed's pull path with the token, to give to the marketplace" }) pullPath!: string;
}

@ObjectType("FeedLag", { description: "How far a feed is behind the catalog's change log" })
export class FeedLagType {
  @Field(() => Int, { description: "Change events after the snapshot's sequence that may concern the channel" }) events!: number;
  @Field(() => Int, { description: "Age of the oldest of them, in seconds; 0 when none" }) seconds!: number;
}

@ObjectType("FeedDelivery", { description: "How far a push channel's latest snapshot got to the marketplace's API" })
export class FeedDeliveryType {
  @Field(() => Int, { description: "Parts the marketplace accepted, in order" }) partsDelivered!: number;
  @Field(() => Int, { description: "Parts of the snapshot being delivered" }) parts!: number;
  @Field(() => DateTimeResolver, { description: "When the last part was accepted" }) at!: Date;
}

@ObjectType("FeedStatus", { description: "Where a channel's feed stands: its runs and how current the served snapshot is" })
export class FeedStatusType {
  @Field(() => BackgroundJobStateEnum, {
    description: "The state of the channel's feed job: WAITING for quiet after a change, RUNNING, RETRYING after a failed run, or IDLE",
  })
  state!: FeedState;
  @Field(() => Int, { nullable: true, description: "The change sequence the served snapshot reflects; null before the first" }) sequence!: number | null;
  @Field(() => FeedLagType, { description: "How far the served snapshot is behind the catalog" }) behindBy!: FeedLagType;
  @Field(() => Boolean, { description: "Behind by more than 30 seconds: the channel no longer shows the catalog" }) stale!: boolean;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the served snapshot was generated; null before the first" }) lastSuccessAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Why the last run failed, while no run has succeeded since" }) lastError!: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the last failed run failed; null when lastError is null" }) lastErrorAt!: Date | null;
  @Field(() => Int, { description: "Runs that failed in a row" }) failedAttempts!: number;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the next run or retry is due" }) nextRunAt!: Date | null;
  @Field(() => FeedDeliveryType, {
    nullable: true,
    description: "For a channel pushed to a marketplace's API (job feed.deliver): how far the latest delivery got; null otherwise or before the first",
  })
  delivery!: FeedDeliveryType | null;
}
