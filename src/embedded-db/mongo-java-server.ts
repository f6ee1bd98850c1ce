import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../project-root.js";

const run = promisify(execFile);

export class EmbeddedDatabaseError extends Error {}

/**
 * The jars of mongo-java-server 1.47.0 (an in-process MongoDB wire server with a memory and an H2
 * backend) and what it needs, as Maven Central serves them, each checked against its SHA-256.
 */
const mavenCentral = "https://repo1.maven.org/maven2";
const artifacts: Array<{ coordinates: string; sha256: string }> = [
  { coordinates: "de.bwaldvogel:mongo-java-server-core:1.47.0", sha256: "9a34c9ad6ac6261906295481838256033ec1efc8c93a3e3828e5d47a006b0bd4" },
  { coordinates: "de.bwaldvogel:mongo-java-server-h2-backend:1.47.0", sha256: "58ca6760a25f8a05adfe8a0f7a8a042ca22bd472869028755931507cdce20e71" },
  { coordinates: "de.bwaldvogel:mongo-java-server-memory-backend:1.47.0", sha256: "82864f8a2ede1514f64c2cd3a70e8022c259eb3d78975cfa208c1668ac1f12bb" },
  { coordinates: "com.h2database:h2:2.3.232", sha256: "8dae62d22db8982c3dcb3826edb9c727c5d302063a67eef7d63d82de401f07d3" },
  { coordinates: "io.netty:netty-buffer:4.2.2.Final", sha256: "4820eeb2d3db269b20b30711e3d7d21979664249aaf10fc67f90dee935810747" },
  { coordinates: "io.netty:netty-codec:4.2.2.Final", sha256: "6a4ea3cedc831a377e20e32da5df4d2a47b954810e941138e3358e313db3a7f9" },
  { coordinates: "io.netty:netty-codec-base:4.2.2.Final", sha256: "76987614ccb2fda7d3292b69ba5b61351f30e91bf5c7d8fa4b51bc32c9f67456" },
  { coordinates: "io.netty:netty-codec-compression:4.2.2.Final", sha256: "005734e20aceb5e2c030033f7e042c81ee444497efd110cfca8de445642652ac" },
  { coordinates: "io.netty:netty-codec-marshalling:4.2.2.Final", sha256: "ae8bb7a077ca02357c922e3abc1acf1bf191d5e2776721d69cbca50a16281096" },
  { coordinates: "io.netty:netty-codec-protobuf:4.2.2.Final", sha256: "cfe0c7e6e68d83480a639b533eb7edaaf3252cfae8b73d0e362859673a4f9d97" },
  { coordinates: "io.netty:netty-common:4.2.2.Final", sha256: "5d022f3acad74cb0f195f60213500a4000d1340e5e941edaf1a0e756686b9bae" },
  { coordinates: "io.netty:netty-handler:4.2.2.Final", sha256: "d4ef582c78125457baa0cfa52992b5fb1bb9172d1a2c03b726e8b26e17d3fe2c" },
  { coordinates: "io.netty:netty-resolver:4.2.2.Final", sha256: "fa7841ffe2e39d52251814fb8560d6936b10ae7c67453ee50426b83fd5170ba0" },
  { coordinates: "io.netty:netty-transport:4.2.2.Final", sha256: "116d766a1af4722fe76a4cdaed969644985d44e08ec1337d2dbab697dd109603" },
  { coordinates: "io.netty:netty-transport-native-unix-common:4.2.2.Final", sha256: "aa8821a7ea2ca47f62740bd1f37d67deb97824cc77e76dde6ae2c439a923fc9d" },
  { coordinates: "org.slf4j:slf4j-api:2.0.17", sha256: "7b751d952061954d5abfed7181c1f645d336091b679891591d63329c622eb832" },
  { coordinates: "org.slf4j:slf4j-nop:2.0.17", sha256: "3716f83649ec66161a2edefd4f49df34d1dd1c51cdcf941996c6987260f0a829" },
];

export const launcherSource = join(projectRoot, "src", "embedded-db", "java", "EmbeddedMongo.java");
export const launcherClass = "EmbeddedMongo";

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "omnichannel-pim");
}

function jarName(coordinates: string): string {
  const [, artifact, version] = coordinates.split(":");
  return `${artifact}-${version}.jar`;
}

function jarUrl(coordinates: string): string {
  const [group, artifact, version] = coordinates.split(":") as [string, string, string];
  return `${mavenCentral}/${group.replace(/\./g, "/")}/${artifact}/${version}/${jarName(coordinates)}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The Java tools, with the reason in plain words when they are missing or too old. */
async function javaTools(env: NodeJS.ProcessEnv): Promise<{ java: string; javac: string }> {
  const home = env.JAVA_HOME;
  const java = home ? join(home, "bin", "java") : "java";
  const javac = home ? join(home, "bin", "javac") : "javac";
  let version: string;
  try {
    const answer = await run(javac, ["-version"], { env });
    version = `${answer.stdout}${answer.stderr}`;
  } catch {
    throw new EmbeddedDatabaseError(
      "A Java Development Kit (17 or newer, with javac) is needed to run the embedded database, and none was found" +
        `${home ? ` in JAVA_HOME (${home})` : " on the PATH"}. Install one (Debian: apt install openjdk-17-jdk-headless), or set MONGODB_URI to your MongoDB.`,
    );
  }
  const major = Number(/javac (\d+)/.exec(version)?.[1]);
  if (!(major >= 17))
    throw new EmbeddedDatabaseError(
      `The embedded database needs Java 17 or newer; javac says ${version.trim()}. Install a newer JDK or set MONGODB_URI to your MongoDB.`,
    );
  return { java, javac };
}

async function download(coordinates: string, sha256: string, target: string): Promise<void> {
  const url = jarUrl(coordinates);
  let bytes: Buffer;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `Could not download ${url} for the embedded database (${(error as Error).message}); check the connection to Maven Central, or set MONGODB_URI to your MongoDB.`,
    );
  }
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== sha256) throw new EmbeddedDatabaseError(`${url} does not have the expected SHA-256 (${sha256}, got ${actual}); refusing to run it.`);
  await writeFile(target, bytes);
}

export interface EmbeddedDatabaseRuntime {
  java: string;
  /** The class path: the launcher's classes and every jar. */
  classPath: string;
}

/**
 * The embedded database's runtime, downloaded and compiled on first use into the cache folder, whose
 * name carries a hash of the launcher's source and of the jar list, so a change to either rebuilds it.
 */
export async function ensureEmbeddedDatabase(progress: (message: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedDatabaseRuntime> {
  const { java, javac } = await javaTools(env);
  const source = await readFile(launcherSource);
  const inputs = createHash("sha256").update(source).update(JSON.stringify(artifacts)).digest("hex").slice(0, 12);
  const folder = join(cacheRoot(env), `mongo-java-server-1.47.0-${inputs}`);
  const classPath = `${join(folder, "classes")}:${join(folder, "lib", "*")}`;
  if (await exists(join(folder, "classes", `${launcherClass}.class`))) return { java, classPath };

  progress("Setting up the embedded database, mongo-java-server 1.47.0, from Maven Central (first start only)…");
  await mkdir(cacheRoot(env), { recursive: true });
  const work = await mkdtemp(join(cacheRoot(env), ".build-"));
  try {
    await mkdir(join(work, "lib"));
    await Promise.all(artifacts.map(({ coordinates, sha256 }) => download(coordinates, sha256, join(work, "lib", jarName(coordinates)))));
    await run(javac, ["-d", join(work, "classes"), "-cp", join(work, "lib", "*"), launcherSource], { env });
    // Renamed into place whole: an interrupted set-up never leaves a half-built runtime behind.
    await rm(folder, { recursive: true, force: true });
    await rename(work, folder);
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw new EmbeddedDatabaseError(`Setting up the embedded database failed: ${(error as Error).message}`);
  }
  progress(`The embedded database is ready in ${folder}`);
  return { java, classPath };
}
