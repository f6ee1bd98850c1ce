import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { withDatabaseName } from "../helpers/test-database.js";

const run = promisify(execFile);

/** The built CLI (`npm run key` runs the same file), against the service's database. */
function keyCli(args: string[]) {
  return run(process.execPath, [join(projectRoot, "dist", "src", "cli", "api-key.js"), ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      MONGODB_URI: withDatabaseName(inject("mongoServerUri"), service.connection.name),
      LOG_LEVEL: "error",
    },
  });
}

let service: TestService;
beforeAll(async () => {
  service = await startTestService("auth-key-cli");
});
afterAll(() => service?.stop());

describe("npm run key", () => {
  it("creates a key whose token is printed once and works, lists it, and revokes it", async () => {
    const created = await keyCli(["create", "--role", "reader", "--name", "website", "--expires", "2099-01-01T00:00:00Z"]);
    const token = created.stdout.trim().split("\n").at(-1) ?? "";
    expect(token).toMatch(/^pim_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout).toMatch(/^Created: [0-9a-f]{16} {2}pim_\S{6}… {2}reader +website {2}\(expires 2099-01-01T00:00:00.000Z; last used never\)/);
    const me = await service.gqlAs<{ viewer: { keyId: string; name: string; role: string } }>(token, `{ viewer { keyId name role } }`);
    expect(me.data.viewer).toMatchObject({ name: "website", role: "READER" });

    const listed = await keyCli(["list"]);
    expect(listed.stdout).toContain("initial admin");
    expect(listed.stdout).toContain(`${me.data.viewer.keyId}  `);
    expect(listed.stdout).not.toContain(token);

    const revoked = await keyCli(["revoke", me.data.viewer.keyId]);
    expect(revoked.stdout).toMatch(/^Revoked: .* website {2}\(revoked /);
    const audit = await service.gql<{ authAudit: Array<{ event: string; actor: string }> }>(`{ authAudit(first: 2) { event actor } }`);
    expect(audit.errors).toBeUndefined();
    expect(audit.data.authAudit.map((a) => a.event)).toEqual(["KEY_REVOKED", "KEY_CREATED"]);
    expect(audit.data.authAudit[0]?.actor).toMatch(/^command line \(/);
  });

  it("refuses bad input with the field and the reason, and exit code 1", async () => {
    const failed = await keyCli(["create", "--role", "root", "--name", "x"]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toBe("The API key was not created\n  role: must be one of admin, editor, integration, reader\n");
  });
});
