import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { Allow } from "../../auth/roles.js";
import type { GraphQLContext } from "../context.js";
import { BackgroundJobType } from "../types/background-job.types.js";

@Resolver()
export class BackgroundJobResolver {
  @Allow()
  @Query(() => [BackgroundJobType], {
    description: "Background jobs shared by every service process on this database, optionally of one name; at most 1,000, sorted by name",
  })
  async backgroundJobs(
    @Arg("name", () => String, { nullable: true, description: "Only jobs of this name, e.g. feed.generate; omitted or null: every job" }) name: string | null,
    @Ctx() { jobs }: GraphQLContext,
  ): Promise<BackgroundJobType[]> {
    return (await jobs.list(name ?? undefined)).map((job) => Object.assign(new BackgroundJobType(), job));
  }
}
