import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { AuditEvent } from "../../auth/audit-log.js";
import { roleDescriptions, type Role } from "../../auth/roles.js";

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// Enum values are the stored words (src/auth/roles.ts, src/auth/audit-log.ts), so inputs pass through and stored data back out unchanged.
export enum RoleEnum {
  ADMIN = "admin",
  EDITOR = "editor",
  INTEGRATION = "integration",
  READER = "reader",
}
registerEnumType(RoleEnum, {
  name: "Role",
  description: "What an API key may do; docs/access-control.md has the whole matrix",
  valuesConfig: {
    ADMIN: { description: sentence(roleDescriptions.admin) },
    EDITOR: { description: sentence(roleDescriptions.editor) },
    INTEGRATION: { description: sentence(roleDescriptions.integration) },
    READER: { description: sentence(roleDescriptions.reader) },
  },
});

export enum AuthAuditEventEnum {
  AUTHENTICATION_FAILED = "authentication_failed",
  KEY_CREATED = "key_created",
  KEY_REVOKED = "key_revoked",
}
registerEnumType(AuthAuditEventEnum, {
  name: "AuthAuditEvent",
  description: "What an authentication audit entry records",
  valuesConfig: {
    AUTHENTICATION_FAILED: {
      description:
        "A request was refused as not authenticated: no or a malformed Authorization header, or an unknown, revoked or expired key; reason says which",
    },
    KEY_CREATED: { description: "A key was created; reason gives its role and name" },
    KEY_REVOKED: { description: "A key was revoked; reason gives its role and name" },
  },
});

@ObjectType("ApiKey", { description: "An API key; its token is shown only once, when it is created" })
export class ApiKeyType {
  @Field(() => ID, { description: "Public id, used in history and to revoke the key" }) id!: string;
  @Field(() => String, { description: "The token's first characters, to tell keys apart" }) prefix!: string;
  @Field(() => String, { description: "The name given when the key was created (1 to 100 characters)" }) name!: string;
  @Field(() => RoleEnum, { description: "What the key may do" }) role!: Role;
  @Field(() => [String], { nullable: true, description: "Editor keys limited to locales: those whose values the key may write; null for every locale" })
  locales!: string[] | null;
  @Field(() => [String], { description: "Editor keys limited to locales: those the key may read but not write" }) viewLocales!: string[];
  @Field(() => [String], {
    nullable: true,
    description:
      "Editor keys limited to category trees: root codes of the trees the key owns (edits, classifies, enables, creates and deletes products there); null for the whole catalog",
  })
  categoryTrees!: string[] | null;
  @Field(() => [String], { description: "Trees where the key edits product values only" }) editCategoryTrees!: string[];
  @Field(() => [String], { description: "Trees whose products the key may only read" }) viewCategoryTrees!: string[];
  @Field(() => DateTimeResolver, { nullable: true, description: "When the key stops being accepted; null for a key that never expires" })
  expiresAt!: Date | null;
  @Field(() => DateTimeResolver, { description: "When the key was created" }) createdAt!: Date;
  @Field(() => String, { description: "Who created the key: the creating key's name and id, the command line, or service start-up for the initial admin key" })
  createdBy!: string;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: "When the key last authenticated a request, updated at most once a minute; null if it was never used",
  })
  lastUsedAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the key was revoked; null while it is not revoked" }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Who revoked the key (a key's name and id, or the command line); null while it is not revoked" })
  revokedBy!: string | null;
}

@ObjectType("CreatedApiKey", { description: "A new API key with its token; the token is returned only here" })
export class CreatedApiKeyType {
  @Field(() => ApiKeyType, { description: "The key as stored, without its token" }) key!: ApiKeyType;
  @Field(() => String, { description: "Send as Authorization: Bearer <token>. Shown only now: only its hash is stored" }) token!: string;
}

@InputType({ description: "A new API key. The locale and tree lists are for editor keys only; leaving them all out gives a key without limits" })
export class CreateApiKeyInput {
  @Field(() => String, { description: "A name for people, 1 to 100 characters without leading or trailing spaces" }) name!: string;
  @Field(() => RoleEnum, { description: "What the key may do; locale and tree limits are for EDITOR keys only" }) role!: Role;
  @Field(() => [String], {
    nullable: true,
    description:
      "Editor keys only: the locales whose values the key may write; the key then reads and writes no other locale, nor anything shared by all locales",
  })
  locales?: string[] | null;
  @Field(() => [String], { nullable: true, description: "Editor keys only: locales the key may read but not write (with locales or alone)" }) viewLocales?:
    | string[]
    | null;
  @Field(() => [String], {
    nullable: true,
    description: "Editor keys only: root codes of the category trees the key owns; the key then reads and writes no product outside its trees",
  })
  categoryTrees?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: "Editor keys only: trees where the key may edit values but not classify, enable, re-parent, associate, create or delete",
  })
  editCategoryTrees?: string[] | null;
  @Field(() => [String], { nullable: true, description: "Editor keys only: trees whose products the key may read but not change" }) viewCategoryTrees?:
    | string[]
    | null;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: "When the key stops being accepted; must be in the future. Omitted or null: the key never expires",
  })
  expiresAt?: Date | null;
}

@ObjectType("Viewer", { description: "The caller: its key and what it may do" })
export class ViewerType {
  @Field(() => ID, { nullable: true, description: "Null for an anonymous caller" }) keyId!: string | null;
  @Field(() => String, { description: "The key's name; anonymous for a caller without a key" }) name!: string;
  @Field(() => RoleEnum, { description: "The key's role; an anonymous caller reads as READER" }) role!: Role;
  @Field(() => String, { description: "What the role may do" }) permissions!: string;
  @Field(() => [String], { nullable: true, description: "Only values in these locales may be written; null for every locale" }) locales!: string[] | null;
  @Field(() => [String], { description: "Locales that may be read but not written; reads show only these and locales" }) viewLocales!: string[];
  @Field(() => [String], { nullable: true, description: "Trees the key owns; null for the whole catalog" }) categoryTrees!: string[] | null;
  @Field(() => [String], { description: "Trees where only values may be edited" }) editCategoryTrees!: string[];
  @Field(() => [String], { description: "Trees whose products may only be read; products in no listed tree are not shown" }) viewCategoryTrees!: string[];
}

@ObjectType("AuthAuditEntry", { description: "An authentication failure or a key change" })
export class AuthAuditEntryType {
  @Field(() => AuthAuditEventEnum, { description: "What happened" }) event!: AuditEvent;
  @Field(() => DateTimeResolver, { description: "When it happened" }) at!: Date;
  @Field(() => String, { description: "Who acted: the name and id of the key that made the change, or anonymous for a failed authentication" }) actor!: string;
  @Field(() => String, { nullable: true, description: "Id of the key created, revoked or named by a failed attempt; null when none was recognised" }) keyId!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "The caller's IP address" }) ip!: string | null;
  @Field(() => String, { nullable: true, description: "Id of the HTTP request, as in the service's logs; null outside a request (command line)" }) requestId!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "Why an authentication failed, or which key was created or revoked" }) reason!: string | null;
}
