import { Extensions } from "type-graphql";

export const roles = ["admin", "editor", "integration", "reader"] as const;
export type Role = (typeof roles)[number];
export type NonAdminRole = Exclude<Role, "admin">;

/** Every role that reads product data: storefronts (reader), ERPs (integration) and editors. */
export const productReaders: NonAdminRole[] = ["editor", "integration", "reader"];

/** What a role may do, in the words of errors and documentation. */
export const roleDescriptions: Record<Role, string> = {
  admin: "everything, including keys, channels, webhooks and reference data",
  editor: "catalog content: products and product models, their history and how channels render them",
  integration: "prices and stock, and reading product data",
  reader: "read-only product data as storefronts and apps need it",
};

/** The extension key under which a field carries its access declaration. */
export const accessExtension = "allowedRoles";

/**
 * Declares who may use a Query or Mutation field (or guard an object field): the listed roles, and
 * admin always. `@Allow()` means admin only. A root field without it is refused to everyone.
 */
export function Allow(...allowed: NonAdminRole[]): MethodDecorator & PropertyDecorator {
  return Extensions({ [accessExtension]: ["admin", ...allowed] }) as MethodDecorator & PropertyDecorator;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}
