import { ensureEmbeddedDatabase } from "../embedded-db/mongo-java-server.js";

/** `npm run embedded-db`: sets the embedded database up ahead of time (CI does, so tests start fast). */
ensureEmbeddedDatabase((message) => process.stdout.write(`${message}\n`)).then(
  (runtime) => process.stdout.write(`Embedded database class path: ${runtime.classPath}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
