import { DateTimeResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { JobState } from "../../jobs/background-jobs.js";

// Enum values are the words src/jobs/background-jobs.ts gives a job's state.
export enum BackgroundJobStateEnum {
  WAITING = "waiting",
  RUNNING = "running",
  RETRYING = "retrying",
  IDLE = "idle",
}
registerEnumType(BackgroundJobStateEnum, {
  name: "BackgroundJobState",
  description: "Where a background job stands",
  valuesConfig: {
    WAITING: { description: "A run is due at nextRunAt" },
    RUNNING: { description: "A service process is running it now (runningOn)" },
    RETRYING: { description: "Its last attempt failed; the next is due at nextRunAt" },
    IDLE: { description: "Nothing is due" },
  },
});

@ObjectType("BackgroundJob", {
  description: "Work that outlives the request that asked for it (feed runs, imports and exports, webhook replays…): its state, attempts and last error",
})
export class BackgroundJobType {
  @Field(() => ID, { description: "The job's id in the shared job collection" }) id!: string;
  @Field(() => String, { description: "What it does: feed.generate, bulk.run, completeness.refresh, media.renditions or webhook.replay" }) name!: string;
  @Field(() => JSONObjectResolver, { description: "What it works on, e.g. { channel }" }) data!: Record<string, unknown>;
  @Field(() => BackgroundJobStateEnum, { description: "Whether it is due, running, retrying after a failure or idle" }) state!: JobState["state"];
  @Field(() => DateTimeResolver, { nullable: true, description: "When it runs next; null while nothing is due" }) nextRunAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the latest run started; null before the first" }) lastRunAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the latest run ended; null before the first ended" }) lastFinishedAt!: Date | null;
  @Field(() => Int, { description: "Attempts that failed in a row; 0 once one succeeds" }) failedAttempts!: number;
  @Field(() => String, { nullable: true, description: "Why the latest attempt failed; null when failedAttempts is 0" }) lastError!: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the latest attempt failed; null when failedAttempts is 0" }) lastErrorAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The service process holding the job's lease while it runs" }) runningOn!: string | null;
}
