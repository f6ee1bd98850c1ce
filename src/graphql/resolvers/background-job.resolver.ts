import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { Allow } from "../../auth/roles.js";
import type { GraphQLContext } from "../context.js";
import { BackgroundJobType } from "../types/background-job.types.js";

@Resolver()
export class BackgroundJobResolver {
  @Allow()
  @Query(() => [BackgroundJobType], { description: "Background jobs shared by every service process on this database, optionally of one name" })
  async backgroundJobs(@Arg("name", () => String, { nullable: true }) name: string | null, @Ctx() { jobs }: GraphQLContext): Promise<BackgroundJobType[]> {
    return (await jobs.list(name ?? undefined)).map((job) => Object.assign(new BackgroundJobType(), job));
  }
}
