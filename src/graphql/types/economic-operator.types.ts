import { Field, InputType, ObjectType } from "type-graphql";

@ObjectType({ description: "A postal address" })
export class PostalAddressType {
  @Field(() => String, { description: "Street and number" }) street!: string;
  @Field(() => String, { description: "Postal code" }) postalCode!: string;
  @Field(() => String, { description: "City" }) city!: string;
  @Field(() => String, { description: "ISO 3166-1 alpha-2 country code, e.g. PL" }) countryCode!: string;
  @Field(() => String, { nullable: true, description: "Region or province, where the country uses one" }) region?: string | null;
}

@ObjectType({ description: "A GPSR economic operator: a manufacturer, or the person responsible for a product in the EU" })
export class EconomicOperatorType {
  @Field(() => String, { description: "The code products name it by" }) code!: string;
  @Field(() => String, { description: "The registered trade name" }) name!: string;
  @Field(() => PostalAddressType, { description: "The postal address" }) address!: PostalAddressType;
  @Field(() => String, { nullable: true, description: "The electronic address" }) email?: string | null;
  @Field(() => String, { nullable: true, description: "A telephone number" }) phone?: string | null;
  @Field(() => String, { nullable: true, description: "A website or contact form (https)" }) url?: string | null;
}

@InputType({ description: "A postal address" })
export class PostalAddressInput {
  @Field(() => String, { description: "Street and number; at most 200 characters" }) street!: string;
  @Field(() => String, { description: "Postal code; letters, digits, spaces and -" }) postalCode!: string;
  @Field(() => String, { description: "City; at most 100 characters" }) city!: string;
  @Field(() => String, { description: "ISO 3166-1 alpha-2 country code, e.g. PL" }) countryCode!: string;
  @Field(() => String, { nullable: true, description: "Region or province" }) region?: string | null;
}

@InputType({ description: "An economic operator to create or change; it needs an email or a url (a contact form)" })
export class EconomicOperatorInput {
  @Field(() => String, { description: "Lowercase letters, digits and _, starting with a letter; at most 64 characters" }) code!: string;
  @Field(() => String, { description: "The registered trade name; at most 200 characters" }) name!: string;
  @Field(() => PostalAddressInput, { description: "The postal address" }) address!: PostalAddressInput;
  @Field(() => String, { nullable: true, description: "The electronic address" }) email?: string | null;
  @Field(() => String, { nullable: true, description: "A telephone number, digits with an optional leading +" }) phone?: string | null;
  @Field(() => String, { nullable: true, description: "A website or contact form (https)" }) url?: string | null;
}
