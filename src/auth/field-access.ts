import { defaultFieldResolver, isObjectType, type GraphQLField, type GraphQLSchema } from "graphql";
import { PimError } from "../errors.js";
import type { Principal } from "./principal.js";
import { accessExtension, type Role } from "./roles.js";

/** The roles a field declares with @Allow, or undefined when it declares none. */
export function allowedRolesOf(field: GraphQLField<unknown, unknown>): readonly Role[] | undefined {
  return (field.extensions as Record<string, unknown> | undefined)?.[accessExtension] as readonly Role[] | undefined;
}

/** Why a principal may not use a field, or null when it may. */
export function fieldRefusal(principal: Principal, coordinate: string, allowed: readonly Role[] | undefined): string | null {
  if (!allowed) return `${coordinate} declares no roles, so it is refused to everyone`;
  if (allowed.includes(principal.role)) return null;
  const who = principal.keyId ? `a ${principal.role} key` : "an anonymous caller";
  return `${coordinate} is not allowed for ${who}; it is for ${allowed.join(", ")}`;
}

/**
 * Enforces the @Allow declarations at run time: every Query and Mutation field (refused to everyone
 * when it declares nothing, so a new operation is safe until someone decides who may use it) and every
 * object field that declares roles. Runs once on the built schema.
 */
export function enforceFieldAccess(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter((type) => type !== null && type !== undefined));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const root = roots.has(type);
    for (const field of Object.values(type.getFields())) {
      const allowed = allowedRolesOf(field);
      if (!root && !allowed) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = (source, args, context: { principal: Principal }, info) => {
        const refusal = fieldRefusal(context.principal, coordinate, allowed);
        if (refusal) throw new PimError("FORBIDDEN", refusal, [], { reason: refusal, allowedRoles: allowed ?? [] });
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
