import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { ApiKeyDoc, ScopeReferences } from "../../auth/api-keys.js";
import type { AuditEvent } from "../../auth/audit-log.js";
import { Allow, productReaders, roleDescriptions } from "../../auth/roles.js";
import { PimError } from "../../errors.js";
import type { GraphQLContext } from "../context.js";
import { ApiKeyType, AuthAuditEntryType, AuthAuditEventEnum, CreateApiKeyInput, CreatedApiKeyType, ViewerType } from "../types/api-key.types.js";

function toApiKey({ _id: _hash, keyId, ...rest }: ApiKeyDoc): ApiKeyType {
  return Object.assign(new ApiKeyType(), {
    id: keyId,
    ...rest,
    viewLocales: rest.viewLocales ?? [],
    editCategoryTrees: rest.editCategoryTrees ?? [],
    viewCategoryTrees: rest.viewCategoryTrees ?? [],
  });
}

async function scopeReferences({ catalog }: GraphQLContext): Promise<ScopeReferences> {
  const definitions = await catalog.definitions();
  const roots = await catalog.read.categories({ roots: true });
  return { locales: new Set(definitions.locales.keys()), rootCategories: new Set(roots.map((c) => c.code)) };
}

function changedBy(context: GraphQLContext) {
  return { actor: context.actor, ip: context.clientIp, requestId: context.requestId };
}

/** API keys (admin only) and the caller's own powers. */
@Resolver()
export class ApiKeyResolver {
  @Allow(...productReaders)
  @Query(() => ViewerType, { description: "Who the caller is and what its key may do" })
  viewer(@Ctx() { principal }: GraphQLContext): ViewerType {
    return Object.assign(new ViewerType(), { ...principal, permissions: roleDescriptions[principal.role] });
  }

  @Allow()
  @Query(() => [ApiKeyType], { description: "Every key, revoked ones included, oldest first" })
  async apiKeys(@Ctx() { access }: GraphQLContext): Promise<ApiKeyType[]> {
    return (await access.keys.list()).map(toApiKey);
  }

  @Allow()
  @Mutation(() => CreatedApiKeyType, { description: "Creates a key and returns its token, which is never shown again" })
  async createApiKey(
    @Arg("input", () => CreateApiKeyInput, { description: "The key's name, role, limits and expiry" }) input: CreateApiKeyInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CreatedApiKeyType> {
    const { key, token } = await context.access.keys.create(input, await scopeReferences(context), changedBy(context));
    return Object.assign(new CreatedApiKeyType(), { key: toApiKey(key), token });
  }

  @Allow()
  @Mutation(() => ApiKeyType, { description: "Revokes a key at once; revoking a revoked key changes nothing" })
  async revokeApiKey(@Arg("id", () => ID, { description: "The key's public id (ApiKey.id)" }) id: string, @Ctx() context: GraphQLContext): Promise<ApiKeyType> {
    return toApiKey(await context.access.keys.revoke(id, changedBy(context)));
  }

  @Allow()
  @Query(() => [AuthAuditEntryType], { description: "Authentication failures and key changes, newest first" })
  async authAudit(
    @Arg("first", () => Int, { defaultValue: 50, description: "How many entries, 1 to 500 (default 50)" }) first: number,
    @Arg("event", () => AuthAuditEventEnum, { nullable: true, description: "Only this event; omitted or null: every event" }) event:
      | AuditEvent
      | null
      | undefined,
    @Ctx() { access }: GraphQLContext,
  ): Promise<AuthAuditEntryType[]> {
    if (first < 1 || first > 500) throw new PimError("BAD_USER_INPUT", "first must be from 1 to 500", [{ path: ["first"], message: "must be from 1 to 500" }]);
    // An omitted nullable argument arrives as undefined, an explicit null as null; GraphQL itself refuses an unknown event.
    return (await access.audit.latest(first, event ?? null)).map((entry) => Object.assign(new AuthAuditEntryType(), entry));
  }
}
