import { userInfo, hostname } from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.js";
import { createLogger } from "../logger.js";
import { withConfiguredDatabase } from "./configured-database.js";
import { createCatalogServices } from "../catalog/services.js";
import { AuditLog } from "../auth/audit-log.js";
import { ApiKeyStore, type ApiKeyDoc } from "../auth/api-keys.js";
import { PimError } from "../errors.js";

const usage = `Usage:
  npm run key -- create --role admin|editor|integration|reader --name "<name>" [--locales pl_PL,de_DE] [--view-locales en_US]
                        [--category-trees master] [--edit-category-trees seasonal] [--view-category-trees outlet] [--expires 2027-01-31T00:00:00Z]
  npm run key -- list
  npm run key -- revoke <id>`;

function describe(key: ApiKeyDoc): string {
  const limits = [
    key.locales ? `edits locales ${key.locales.join(",") || "none"}` : "",
    key.viewLocales?.length ? `reads locales ${key.viewLocales.join(",")}` : "",
    key.categoryTrees ? `owns trees ${key.categoryTrees.join(",") || "none"}` : "",
    key.editCategoryTrees?.length ? `edits trees ${key.editCategoryTrees.join(",")}` : "",
    key.viewCategoryTrees?.length ? `reads trees ${key.viewCategoryTrees.join(",")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : key.expiresAt ? `expires ${key.expiresAt.toISOString()}` : "no expiry";
  return `${key.keyId}  ${key.prefix}…  ${key.role.padEnd(11)}  ${key.name}  (${state}${limits ? `; ${limits}` : ""}; last used ${key.lastUsedAt?.toISOString() ?? "never"})`;
}

function list(value: string | undefined): string[] | null {
  return value === undefined
    ? null
    : value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
}

/** `npm run key`: API keys from the command line, for the operator who has the database but no key. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: "string" },
      name: { type: "string" },
      locales: { type: "string" },
      "view-locales": { type: "string" },
      "category-trees": { type: "string" },
      "edit-category-trees": { type: "string" },
      "view-category-trees": { type: "string" },
      expires: { type: "string" },
    },
  });
  const [command, id] = positionals;
  if (!command || !["create", "list", "revoke"].includes(command) || (command === "revoke" && !id)) throw new Error(usage);
  const expiresAt = values.expires === undefined ? null : new Date(values.expires);
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new Error(`--expires must be a date and time such as 2027-01-31T00:00:00Z (got ${values.expires})`);

  const config = loadConfig();
  const logger = createLogger("warn");
  return withConfiguredDatabase(config, logger, async (connection) => {
    const keys = new ApiKeyStore(connection, new AuditLog(connection, logger), logger);
    const by = { actor: `command line (${userInfo().username}@${hostname()})`, ip: null, requestId: null };
    if (command === "list") {
      for (const key of await keys.list()) process.stdout.write(`${describe(key)}\n`);
    } else if (command === "revoke") {
      process.stdout.write(`Revoked: ${describe(await keys.revoke(String(id), by))}\n`);
    } else {
      const catalog = createCatalogServices(connection, logger);
      const definitions = await catalog.definitions();
      const roots = await catalog.read.categories({ roots: true });
      const { key, token } = await keys.create(
        {
          name: values.name ?? "",
          role: values.role ?? "",
          locales: list(values.locales),
          viewLocales: list(values["view-locales"]),
          categoryTrees: list(values["category-trees"]),
          editCategoryTrees: list(values["edit-category-trees"]),
          viewCategoryTrees: list(values["view-category-trees"]),
          expiresAt,
        },
        { locales: new Set(definitions.locales.keys()), rootCategories: new Set(roots.map((c) => c.code)) },
        by,
      );
      process.stdout.write(`Created: ${describe(key)}\nToken (shown once; send it as Authorization: Bearer <token>):\n${token}\n`);
    }
  });
}

main().catch((error: unknown) => {
  const problems = error instanceof PimError ? error.problems.map((p) => `\n  ${p.path.join(".")}: ${p.message}`).join("") : "";
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}${problems}\n`);
  process.exit(1);
});
