import { describe, expect, it } from "vitest";
import { partsSoFar, type Parts } from "../../src/subsystems/subsystem.js";

describe("the composition root", () => {
  it("tells a subsystem that reads a part no earlier subsystem builds which part and which subsystem, instead of handing it undefined", async () => {
    const built: Partial<Parts> = { demoLoaded: false, initialAdminKey: undefined };
    const parts = partsSoFar(built, () => "feeds");
    expect(parts.demoLoaded).toBe(false);
    expect(parts.initialAdminKey).toBeUndefined();
    expect(() => parts.catalog).toThrow("subsystem feeds needs catalog, which no earlier subsystem of the list builds");
    // Awaiting or inspecting the parts is not reading one.
    await expect(Promise.resolve(parts)).resolves.toBe(parts);
  });
});
