import { execFile } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export class EmbeddedDatabaseError extends Error {}

/**
 * FerretDB 1.24.1 is the version we aim for; the Go module proxy refuses it (403), so the next patch
 * release of the same line, with the same SQLite backend, is tried after it.
 */
export const ferretdbVersions = ["v1.24.1", "v1.24.2"] as const;
const modulePath = "github.com/FerretDB/FerretDB";

/**
 * FerretDB 1.24's SQLite backend looks a document up by `_ferretdb_sjson->'$._id'`, but creates the
 * unique `_id` index on `_ferretdb_sjson->"_id"`. SQLite uses an index only for the very expression it
 * was built on, so every read, update and delete by `_id` scanned the whole table: a stock update took
 * 145 ms at 1,000 products and 1 s at 10,000. The build writes the lookup the way the index is written
 * (both name the same JSON member, so results do not change), and lookups by `_id` use the index.
 */
const idLookupFix = {
  file: join("internal", "backends", "sqlite", "metadata", "metadata.go"),
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: String.raw`IDColumn = DefaultColumn + "->\"_id\""`,
};

/** Where a version's binary lives; the name says it carries the `_id` lookup fix, so an unfixed build is never reused. */
function binaryPath(cacheDir: string, version: string): string {
  return join(cacheDir, `ferretdb-${version}-id-index`, "ferretdb");
}

export function ferretdbCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "omnichannel-pim");
}

/** A regular file with an execute bit: access(X_OK) alone says yes to anything for root. */
async function isExecutable(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && (info.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Returns the path of a FerretDB binary, building it with Go the first time. */
export async function ensureFerretDB(progress: (message: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.FERRETDB_BIN) {
    if (await isExecutable(env.FERRETDB_BIN)) return env.FERRETDB_BIN;
    throw new EmbeddedDatabaseError(`FERRETDB_BIN is set to ${env.FERRETDB_BIN}, which is not an executable file`);
  }
  const cacheDir = ferretdbCacheDir(env);
  for (const version of ferretdbVersions) {
    const binary = binaryPath(cacheDir, version);
    if (await isExecutable(binary)) return binary;
  }
  await requireGo(env);
  const failures: string[] = [];
  for (const version of ferretdbVersions) {
    const binary = binaryPath(cacheDir, version);
    progress(`Building the embedded database, FerretDB ${version}, with Go (first start only; this takes a minute or two)…`);
    try {
      await buildFerretDB(version, binary);
      progress(`FerretDB ${version} is ready at ${binary}`);
      return binary;
    } catch (error) {
      const reason = error instanceof Error ? error.message.trim().split("\n").slice(-3).join(" ") : String(error);
      failures.push(`${version}: ${reason}`);
      progress(`FerretDB ${version} could not be built: ${reason}`);
    }
  }
  throw new EmbeddedDatabaseError(
    `The embedded database (FerretDB) could not be built from the Go module proxy (${failures.join("; ")}). ` +
      "Check the network, or set MONGODB_URI to your MongoDB (6.0 or newer) and start again.",
  );
}

async function requireGo(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run("go", ["version"], { env });
  } catch {
    throw new EmbeddedDatabaseError(
      "The embedded database (FerretDB) is built with Go, and Go is not installed (no `go` on PATH). " +
        "Install Go 1.22 or newer, or set MONGODB_URI to your MongoDB (6.0 or newer) and start again.",
    );
  }
}

/**
 * Builds into a temporary folder and renames, so concurrent first starts never see half a binary.
 * `go install …@version` would not do: the module archive lacks build/version/version.txt, which
 * FerretDB embeds and checks at start-up, so the source is copied and that file written first.
 */
async function buildFerretDB(version: string, binary: string): Promise<void> {
  const targetDir = join(binary, "..");
  await mkdir(join(targetDir, ".."), { recursive: true });
  const workDir = await mkdtemp(join(targetDir, "..", `.build-${version}-`));
  const goEnv = { ...process.env, GOFLAGS: "-modcacherw -buildvcs=false", CGO_ENABLED: "0", GOTOOLCHAIN: "local" };
  try {
    const { stdout } = await run("go", ["mod", "download", "-json", `${modulePath}@${version}`], { env: goEnv, maxBuffer: 16 << 20 }).catch(
      (error: { stdout?: string; message: string }) => {
        const reported = error.stdout ? (JSON.parse(error.stdout) as { Error?: string }).Error : undefined;
        throw new Error(reported ?? error.message);
      },
    );
    const sourceDir = join(workDir, "source");
    await cp((JSON.parse(stdout) as { Dir: string }).Dir, sourceDir, { recursive: true });
    await run("chmod", ["-R", "u+w", sourceDir]);
    await writeFile(join(sourceDir, "build", "version", "version.txt"), `${version}\n`);
    await writeFile(join(sourceDir, "build", "version", "package.txt"), "omnichannel-pim\n");
    await applyIdLookupFix(sourceDir);
    await run("go", ["build", "-o", join(workDir, "ferretdb"), "./cmd/ferretdb"], { cwd: sourceDir, env: goEnv, maxBuffer: 16 << 20 });
    await rm(sourceDir, { recursive: true, force: true });
    await chmod(join(workDir, "ferretdb"), 0o755);
    await rm(targetDir, { recursive: true, force: true });
    await rename(workDir, targetDir);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function applyIdLookupFix(sourceDir: string): Promise<void> {
  const file = join(sourceDir, idLookupFix.file);
  const source = await readFile(file, "utf8");
  if (!source.includes(idLookupFix.from)) throw new Error(`${idLookupFix.file} no longer reads ${idLookupFix.from}; the _id lookup fix does not fit this FerretDB version`);
  await writeFile(file, source.replace(idLookupFix.from, idLookupFix.to));
}
