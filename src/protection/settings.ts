/** How much one request may ask of the service; every number has an environment variable (docs/hardening.md). */
export interface ProtectionSettings {
  /** Schema introspection; on in development, off when NODE_ENV=production unless configured. */
  introspection: boolean;
  /** Apollo's sandbox landing page on GET /graphql; same default as introspection. */
  landingPage: boolean;
  maxDepth: number;
  /** Estimated result size: each field costs 1, times the page size (`first`) of the lists above it. */
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  /** Tokens of the query document, counted by graphql's own parser, which stops reading past the limit. */
  maxTokens: number;
  /**
   * Items in any one list and levels of nesting in the variables, JSON scalars included. Above the
   * batch mutations' own caps (10,000 stock or price updates), which answer with their specific errors.
   */
  maxListLength: number;
  maxVariableDepth: number;
  maxBodyBytes: number;
  /** A GraphQL request answers SERVICE_UNAVAILABLE after this long; its later database calls fail at once. */
  requestTimeoutMs: number;
  /** Requests being served at once; more are answered 503 at the door, before their body is read. */
  maxInFlightRequests: number;
  /** Requests being served at once for one client address, so a few slow senders cannot take every slot. */
  maxInFlightPerAddress: number;
  /** Time a client has to send its request headers. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request, body included; raise it for large uploads over slow links. */
  bodyTimeoutMs: number;
  /** Origins allowed to call from a browser; empty means no cross-origin access. */
  corsOrigins: string[];
}

export function defaultProtectionSettings(nodeEnv: string | undefined): ProtectionSettings {
  const development = nodeEnv !== "production";
  return {
    introspection: development,
    landingPage: development,
    maxDepth: 12,
    maxCost: 200_000,
    maxAliases: 30,
    maxDirectives: 20,
    maxTokens: 10_000,
    maxListLength: 20_000,
    maxVariableDepth: 32,
    maxBodyBytes: 5 * 1024 * 1024,
    requestTimeoutMs: 30_000,
    maxInFlightRequests: 64,
    maxInFlightPerAddress: 16,
    headersTimeoutMs: 10_000,
    bodyTimeoutMs: 30_000,
    corsOrigins: [],
  };
}
