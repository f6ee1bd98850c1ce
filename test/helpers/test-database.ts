import { createHash, randomBytes } from "node:crypto";
import { inject } from "vitest";

/** Replaces the database name of a connection string, keeping hosts (several, for a replica set) and options. */
export function withDatabaseName(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`not a MongoDB connection string: ${uri}`);
  return `${match[1]}/${name}${match[3] ?? ""}`;
}

/** Each test file gets a database of its own on the run's server, so files can run in parallel. */
export function testDatabaseUri(label: string, serverUri: string = inject("mongoServerUri")): string {
  const name = `t_${createHash("sha1").update(label).digest("hex").slice(0, 10)}_${randomBytes(3).toString("hex")}`;
  return withDatabaseName(serverUri, name);
}
