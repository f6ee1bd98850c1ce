import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType("BackgroundJob", { description: "Work that outlives the request that asked for it (feed runs): its state, attempts and last error" })
export class BackgroundJobType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "What it does, e.g. feed.generate" }) name!: string;
  @Field(() => JSONObjectResolver, { description: "What it works on, e.g. { channel }" }) data!: Record<string, unknown>;
  @Field(() => String, { description: "waiting (due at nextRunAt), running, retrying (after a failure, at nextRunAt) or idle" }) state!: string;
  @Field(() => DateTimeResolver, { nullable: true }) nextRunAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) lastRunAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) lastFinishedAt!: Date | null;
  @Field(() => Int, { description: "Attempts that failed in a row; 0 once one succeeds" }) failedAttempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) lastErrorAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The service process holding the job's lease while it runs" }) runningOn!: string | null;
}
