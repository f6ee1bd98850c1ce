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
});
