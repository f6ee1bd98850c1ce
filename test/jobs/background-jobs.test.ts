import mongoose, { type Connection } from "mongoose";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackgroundJobs } from "../../src/jobs/background-jobs.js";
import { eventually } from "../helpers/eventually.js";
import { testDatabaseUri } from "../helpers/test-database.js";

let connection: Connection;
let jobs: BackgroundJobs;

beforeAll(async () => {
  connection = await mongoose.createConnection(testDatabaseUri("background-jobs")).asPromise();
  jobs = new BackgroundJobs(connection, pino({ level: "silent" }));
});

afterAll(async () => {
  await jobs?.stop();
  await connection?.close();
});

describe("background jobs", () => {
  it("stop a run at its time limit, record why, and retry it; a run that fails once and then succeeds ends idle with no error", async () => {
    const aborted: string[] = [];
    let flakyAttempts = 0;
    jobs.work<{ key: string }>(
      "test.stuck",
      { concurrency: 1, leaseMs: 5_000, timeLimitMs: 300 },
      ({ key }, signal) => new Promise(() => signal.addEventListener("abort", () => aborted.push(key), { once: true })),
    );
    // A limit shorter than the test: passing it after a run succeeded must go unnoticed (the test setup fails on any unhandled rejection).
    jobs.work<{ key: string }>("test.flaky", { concurrency: 1, leaseMs: 5_000, timeLimitMs: 1_500 }, async () => {
      flakyAttempts += 1;
      if (flakyAttempts === 1) throw new Error("the receiver was down");
    });
    await jobs.start();
    await jobs.runWithin("test.stuck", { key: "a" }, 0);
    await jobs.runWithin("test.flaky", { key: "b" }, 0);

    const stuck = await eventually(
      "the stuck run failed",
      async () => {
        const state = await jobs.find("test.stuck", { key: "a" });
        return state && state.failedAttempts > 0 ? state : undefined;
      },
      10_000,
      50,
    );
    expect(stuck).toMatchObject({ state: "retrying", lastError: "stopped after its time limit of 300 ms" });
    expect(aborted).toContain("a");

    const flaky = await eventually(
      "the flaky run succeeded on its retry",
      async () => {
        const state = await jobs.find("test.flaky", { key: "b" });
        return state && flakyAttempts >= 2 && state.state === "idle" ? state : undefined;
      },
      15_000,
      50,
    );
    expect(flaky).toMatchObject({ failedAttempts: 0, lastError: null });
    expect((await jobs.list()).map((job) => job.name).sort()).toEqual(["test.flaky", "test.stuck"]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  });

  it("forget a one-off job a while after it succeeded, and keep every other job", async () => {
    const ran: string[] = [];
    jobs.work<{ asset: string }>("test.once", { concurrency: 1, leaseMs: 5_000, timeLimitMs: 5_000, oneOff: true }, async ({ asset }) => void ran.push(asset));
    await jobs.runWithin("test.once", { asset: "a1" }, 0);
    await eventually("the one-off job finished", async () => ((await jobs.find("test.once", { asset: "a1" }))?.lastFinishedAt ? true : undefined), 10_000, 50);
    expect(ran).toEqual(["a1"]);
    // Younger than the limit: kept.
    expect(await jobs.pruneFinishedOneOffs(60_000)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await jobs.pruneFinishedOneOffs(10)).toBe(1);
    expect(await jobs.find("test.once", { asset: "a1" })).toBeNull();
    // Jobs that are not one-off (a channel's feed, here the earlier ones) stay whatever their age.
    expect((await jobs.list()).map((job) => job.name).sort()).toEqual(["test.flaky", "test.stuck"]);
  });
});
