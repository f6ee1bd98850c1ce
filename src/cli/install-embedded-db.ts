import { ensureFerretDB } from "../embedded-db/ferretdb-binary.js";

/** `npm run embedded-db`: builds the embedded database ahead of time (CI does, so tests start fast). */
ensureFerretDB((message) => process.stdout.write(`${message}\n`)).then(
  (binary) => process.stdout.write(`Embedded database binary: ${binary}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
