import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";

@ObjectType("ApiKey", { description: "An API key; its token is shown only once, when it is created" })
export class ApiKeyType {
  @Field(() => ID, { description: "Public id, used in history and to revoke the key" }) id!: string;
  @Field(() => String, { description: "The token's first characters, to tell keys apart" }) prefix!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "admin, editor, integration or reader" }) role!: string;
  @Field(() => [String], { nullable: true, description: "Editor keys: the only locales whose values the key may write; null for every locale" }) locales!: string[] | null;
  @Field(() => [String], { nullable: true, description: "Editor keys: root codes of the category trees the key may write in; null for the whole catalog" }) categoryTrees!: string[] | null;
  @Field(() => DateTimeResolver, { nullable: true }) expiresAt!: Date | null;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => String) createdBy!: string;
  @Field(() => DateTimeResolver, { nullable: true, description: "Updated at most once a minute" }) lastUsedAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) revokedBy!: string | null;
}

@ObjectType("CreatedApiKey")
export class CreatedApiKeyType {
  @Field(() => ApiKeyType) key!: ApiKeyType;
  @Field(() => String, { description: "Send as Authorization: Bearer <token>. Shown only now: only its hash is stored" }) token!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "admin, editor, integration or reader" }) role!: string;
  @Field(() => [String], { nullable: true, description: "Editor keys only: limit writes to these locales" }) locales?: string[] | null;
  @Field(() => [String], { nullable: true, description: "Editor keys only: limit writes to products in these category trees (root category codes)" }) categoryTrees?: string[] | null;
  @Field(() => DateTimeResolver, { nullable: true }) expiresAt?: Date | null;
}

@ObjectType("Viewer", { description: "The caller: its key and what it may do" })
export class ViewerType {
  @Field(() => ID, { nullable: true, description: "Null for an anonymous caller" }) keyId!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String) role!: string;
  @Field(() => String, { description: "What the role may do" }) permissions!: string;
  @Field(() => [String], { nullable: true, description: "Only values in these locales are written, and listed in values; null for every locale" }) locales!: string[] | null;
  @Field(() => [String], { nullable: true, description: "Only products in these category trees are written; null for the whole catalog" }) categoryTrees!: string[] | null;
}

@ObjectType("AuthAuditEntry", { description: "An authentication failure or a key change" })
export class AuthAuditEntryType {
  @Field(() => String, { description: "authentication_failed, key_created or key_revoked" }) event!: string;
  @Field(() => DateTimeResolver) at!: Date;
  @Field(() => String) actor!: string;
  @Field(() => String, { nullable: true }) keyId!: string | null;
  @Field(() => String, { nullable: true, description: "The caller's IP address" }) ip!: string | null;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}
