export type PimErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "FORBIDDEN"
  /** An uploaded file the service cannot process: a header it cannot import, a file past a parser limit. */
  | "INVALID_FILE"
  | "PAYLOAD_TOO_LARGE"
  | "UNAUTHENTICATED"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export interface FieldProblem {
  /** Where the problem is in the submitted input, e.g. ["values", "name", "0", "data"]. */
  path: string[];
  message: string;
  attribute?: string;
  locale?: string | null;
  channel?: string | null;
}

/** The one exception type of the domain; the API layers map its code to GraphQL and HTTP. */
export class PimError extends Error {
  constructor(
    readonly code: PimErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "PimError";
  }
}

export function httpStatusOf(code: PimErrorCode): number {
  switch (code) {
    case "BAD_USER_INPUT":
      return 400;
    case "UNAUTHENTICATED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "INVALID_FILE":
      return 422;
    case "CONFLICT":
      return 409;
    case "SERVICE_UNAVAILABLE":
      return 503;
    case "INTERNAL_SERVER_ERROR":
      return 500;
  }
}

export const uploadTooLarge = (maxBytes: number) =>
  new PimError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${maxBytes} bytes`, [{ path: ["body"], message: `larger than ${maxBytes} bytes` }]);
