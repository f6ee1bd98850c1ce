import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

describe("configuration from the environment", () => {
  it("has defaults for everything", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: "127.0.0.1", mongodbUri: undefined, logLevel: "info", seedDemo: true, generateFeeds: true });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    [{ PORT: "80a" }, /^Invalid configuration: PORT must be a whole number from 0 to 65535 \(got "80a"\)$/],
    [{ PORT: "70000" }, /PORT must be a whole number from 0 to 65535 \(got 70000\)/],
    [{ PORT: "" }, /PORT must be a whole number/],
    [{ HOST: "bad host!" }, /HOST must be a host name or an IP address/],
    [{ MONGODB_URI: "postgres://x" }, /MONGODB_URI must be a MongoDB connection string starting with mongodb:\/\//],
    [{ DATA_DIR: "" }, /DATA_DIR must be a non-empty folder path/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("accepts a MongoDB URI, which turns the embedded database off", () => {
    expect(loadConfig({ MONGODB_URI: "mongodb://db.example:27017/pim" }).mongodbUri).toBe("mongodb://db.example:27017/pim");
  });

  it("reads the media upload limits, and refuses one that is not a whole number in range", () => {
    expect(loadConfig({}).media).toEqual({});
    expect(loadConfig({ MEDIA_MAX_UPLOAD_BYTES: "1048576", MEDIA_MAX_PIXELS: "40000000" }).media).toEqual({ maxBytes: 1048576, maxPixels: 40000000 });
    expect(() => loadConfig({ MEDIA_MAX_UPLOAD_BYTES: "10MB" })).toThrow(
      /^Invalid configuration: MEDIA_MAX_UPLOAD_BYTES must be a whole number of bytes from 1024 to 268435456 \(got "10MB"\)$/,
    );
    expect(() => loadConfig({ MEDIA_MAX_PIXELS: "999999999" })).toThrow(
      /MEDIA_MAX_PIXELS must be a whole number of pixels from 10000 to 268402689 \(got 999999999\)/,
    );
  });
});

describe("the configuration schema", () => {
  it("is the one list of variables: each has a README row, and each README row a schema entry", async () => {
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { projectRoot } = await import("../../src/project-root.js");
    const schema = JSON.parse(await readFile(join(projectRoot, "schema/config.schema.json"), "utf8")) as {
      properties: Record<string, { "x-setting"?: string }>;
    };
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]).filter((name) => name !== "NODE_ENV");
    expect(documented.sort()).toEqual(Object.keys(schema.properties).sort());
    for (const [name, variable] of Object.entries(schema.properties)) expect(variable["x-setting"], name).toMatch(/^[a-z][A-Za-z.]+$/);
  });

  it("types booleans and formats strictly, and places each variable where its x-setting says", () => {
    expect(() => loadConfig({ SEED_DEMO: "yes" })).toThrow(/^Invalid configuration: SEED_DEMO must be true or false \(got "yes"\)$/);
    expect(() => loadConfig({ LOG_FORMAT: "colour" })).toThrow(/LOG_FORMAT must be pretty or json/);
    const config = loadConfig({
      LOG_FORMAT: "json",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      RATE_LIMIT_IP_REQUESTS: "5",
      CORS_ORIGINS: "https://a.example, https://b.example",
      SEED_DEMO: "false",
    });
    expect(config.logFormat).toBe("json");
    expect(config.seedDemo).toBe(false);
    expect(config.webhooks).toEqual({ allowPrivateTargets: true });
    expect(config.auth?.rateLimits).toEqual({ keyRequests: 1200, ipRequests: 5, windowSeconds: 60 });
    expect(config.protection?.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
  });
});
