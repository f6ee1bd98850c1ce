import type { TestService } from "../helpers/test-service.js";

export type NonAdminRole = "editor" | "integration" | "reader";

/** Creates one key per role through the API, as an admin would, and returns their tokens. */
export async function keysForRoles(service: TestService, extra: Record<string, unknown> = {}): Promise<Record<NonAdminRole, string>> {
  const tokens = {} as Record<NonAdminRole, string>;
  for (const role of ["editor", "integration", "reader"] as const) {
    tokens[role] = await createKey(service, { name: `${role} key`, role: role.toUpperCase(), ...extra });
  }
  return tokens;
}

export async function createKey(service: TestService, input: Record<string, unknown>): Promise<string> {
  const created = await service.gql<{ createApiKey: { token: string } }>(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }`, {
    input,
  });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  return created.data.createApiKey.token;
}
