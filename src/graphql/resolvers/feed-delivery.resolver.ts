import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { PimError } from "../../errors.js";
import type { FeedReport } from "../../feeds/write-feed.js";
import { issueFeedToken } from "../../feeds/feed-tokens.js";
import type { GraphQLContext } from "../context.js";
import { FeedReportType, FeedStatusType, FeedTokenType } from "../types/feed-report.types.js";
import { ChannelType } from "../types/reference.types.js";
import { Allow } from "../../auth/roles.js";

function toReportType(report: FeedReport | null): FeedReportType | null {
  return report ? Object.assign(new FeedReportType(), report) : null;
}

async function exportChannel(code: string, { catalog }: GraphQLContext): Promise<string> {
  const channel = (await catalog.definitions()).channels.get(code);
  if (!channel) throw new PimError("NOT_FOUND", `Channel ${code} does not exist`);
  if (!channel.export)
    throw new PimError("BAD_USER_INPUT", `Channel ${code} has no export settings, so it has no feed`, [
      { path: ["channel"], message: `channel ${code} has no export settings` },
    ]);
  return code;
}

/** Feed snapshots: their reports, regeneration on demand, and the tokens marketplaces pull with. */
@Resolver(() => ChannelType)
export class FeedDeliveryResolver {
  @Allow("editor")
  @FieldResolver(() => FeedReportType, { nullable: true, description: "The report of the channel's latest feed generation; null before the first" })
  async lastFeed(@Root() channel: ChannelType, @Ctx() { feeds }: GraphQLContext): Promise<FeedReportType | null> {
    return toReportType(await feeds.lastReport(channel.code));
  }

  @Allow("editor")
  @FieldResolver(() => FeedStatusType, {
    nullable: true,
    description: "Where the channel's feed stands against the catalog's changes; null for a channel without a feed",
  })
  async feedStatus(@Root() channel: ChannelType, @Ctx() { feeds }: GraphQLContext): Promise<FeedStatusType | null> {
    return channel.export ? Object.assign(new FeedStatusType(), await feeds.status(channel.code)) : null;
  }

  @Allow("editor")
  @Query(() => FeedReportType, { nullable: true, description: "The report of a channel's latest feed generation; null before the first" })
  async feedReport(
    @Arg("channel", () => String, { description: "A channel with export settings" }) channel: string,
    @Ctx() context: GraphQLContext,
  ): Promise<FeedReportType | null> {
    return toReportType(await context.feeds.lastReport(await exportChannel(channel, context)));
  }

  @Allow()
  @Mutation(() => FeedReportType, { description: "Generates the channel's feed snapshot now and returns its report" })
  async regenerateFeed(
    @Arg("channel", () => String, { description: "A channel with export settings" }) channel: string,
    @Ctx() context: GraphQLContext,
  ): Promise<FeedReportType> {
    return toReportType(await context.feeds.generate(await exportChannel(channel, context))) as FeedReportType;
  }

  @Allow()
  @Mutation(() => FeedTokenType, { description: "Issues a new secret for the channel's pull URL; the old one stops working" })
  async rotateFeedToken(
    @Arg("channel", () => String, { description: "A channel with export settings" }) channel: string,
    @Ctx() context: GraphQLContext,
  ): Promise<FeedTokenType> {
    const code = await exportChannel(channel, context);
    const token = await issueFeedToken(context.feeds.models, code);
    return Object.assign(new FeedTokenType(), { channel: code, token, pullPath: `/feeds/${code}?token=${token}` });
  }
}
