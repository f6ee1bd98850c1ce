import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { EconomicOperator } from "../../catalog/definitions.js";
import type { GraphQLContext } from "../context.js";
import { EconomicOperatorInput, EconomicOperatorType } from "../types/economic-operator.types.js";
import { mergeByDefault, WriteModeEnum } from "../types/product.inputs.js";
import { plainInput } from "./plain-input.js";
import { Allow, productReaders } from "../../auth/roles.js";

function toEconomicOperator({ _id, code, ...operator }: Omit<EconomicOperator, "code"> & { code?: string; _id?: string }): EconomicOperatorType {
  return Object.assign(new EconomicOperatorType(), { ...operator, code: code ?? _id });
}

/** GPSR manufacturers and responsible persons, which products name and channels print. */
@Resolver()
export class EconomicOperatorResolver {
  @Allow(...productReaders)
  @Query(() => [EconomicOperatorType], { description: "Every economic operator, by code" })
  async economicOperators(@Ctx() { loaders }: GraphQLContext): Promise<EconomicOperatorType[]> {
    return [...(await loaders.definitions()).economicOperators.values()].sort((a, b) => a.code.localeCompare(b.code)).map(toEconomicOperator);
  }

  @Allow("editor")
  @Mutation(() => EconomicOperatorType, { description: "Creates or changes an economic operator; every channel's feed shows the change" })
  async saveEconomicOperator(
    @Arg("input", () => EconomicOperatorInput, { description: "The operator's code, name, address and contact" }) input: EconomicOperatorInput,
    @Arg("mode", () => WriteModeEnum, mergeByDefault) mode: WriteModeEnum,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<EconomicOperatorType> {
    const { entity } = await catalog.saveEconomicOperator(plainInput(input), actor, mode);
    return toEconomicOperator(entity);
  }

  @Allow("editor")
  @Mutation(() => Boolean, { description: "Refused with the reason while products or product models name it" })
  async deleteEconomicOperator(
    @Arg("code", () => String, { description: "The operator's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("economic_operator", code, actor);
    return true;
  }
}
