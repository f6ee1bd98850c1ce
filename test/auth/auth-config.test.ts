import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

describe("access control settings from the environment", () => {
  it("default to no anonymous access, a generated first key and the documented rate limits", () => {
    expect(loadConfig({}).auth).toEqual({
      anonymousRead: false,
      initialAdminKey: undefined,
      rateLimits: { keyRequests: 1200, ipRequests: 60, windowSeconds: 60 },
    });
  });

  it("read every variable", () => {
    const key = "k".repeat(43);
    const env = {
      ANONYMOUS_READ: "true",
      INITIAL_ADMIN_KEY: key,
      RATE_LIMIT_KEY_REQUESTS: "100",
      RATE_LIMIT_IP_REQUESTS: "10",
      RATE_LIMIT_WINDOW_SECONDS: "30",
    };
    expect(loadConfig(env).auth).toEqual({ anonymousRead: true, initialAdminKey: key, rateLimits: { keyRequests: 100, ipRequests: 10, windowSeconds: 30 } });
  });

  it.each([
    [{ ANONYMOUS_READ: "yes" }, /^Invalid configuration: ANONYMOUS_READ must be true or false \(got "yes"\)$/],
    [{ RATE_LIMIT_KEY_REQUESTS: "0" }, /RATE_LIMIT_KEY_REQUESTS must be a whole number from 1 to 1000000/],
    [{ RATE_LIMIT_IP_REQUESTS: "ten" }, /RATE_LIMIT_IP_REQUESTS must be a whole number from 1 to 1000000 \(got "ten"\)/],
    [{ RATE_LIMIT_WINDOW_SECONDS: "90000" }, /RATE_LIMIT_WINDOW_SECONDS must be a whole number of seconds from 1 to 86400/],
  ])("refuse %j naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("refuse a weak INITIAL_ADMIN_KEY without echoing it", () => {
    const weak = "hunter2-secret";
    expect(() => loadConfig({ INITIAL_ADMIN_KEY: weak })).toThrow(
      /^Invalid configuration: INITIAL_ADMIN_KEY must be 40 to 200 letters, digits, _ or - .* \(got a value that is not shown\)$/,
    );
    expect(() => loadConfig({ INITIAL_ADMIN_KEY: weak })).not.toThrow(new RegExp(weak));
  });
});
