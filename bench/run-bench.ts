import { rm } from "node:fs/promises";
import type { Connection } from "mongoose";

/** Runs a benchmark's main function: a failure prints its stack and ends the process with status 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

/** What a benchmark on its own database leaves behind: the database, the embedded server and the data folder. */
export async function releaseBenchDatabase(connection: Connection, embedded: { stop(): Promise<void> } | null | undefined, dataDir: string): Promise<void> {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
