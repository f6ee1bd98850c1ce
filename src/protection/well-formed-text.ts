import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, visit } from "graphql";
import { textProblem, textProblems } from "../validation/text.js";

/**
 * Every text a GraphQL request brings, in its variables or written in the query, is well-formed Unicode
 * without control characters other than tab and line breaks (src/validation/text.ts), whatever field it
 * is for: a refusal names where the text is and why, before anything runs.
 */
export function wellFormedTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const problems = textProblems(request.variables ?? {}, ["variables"]);
          visit(document, {
            StringValue(node) {
              const problem = textProblem(node.value);
              if (problem) problems.push({ path: ["query"], message: `the text at line ${node.loc?.startToken.line ?? "?"} of the query ${problem}` });
            },
          });
          if (problems.length === 0) return;
          throw new GraphQLError(`Refused text: ${problems[0]?.message}`, { extensions: { code: "BAD_USER_INPUT", problems, http: { status: 400 } } });
        },
      };
    },
  };
}
