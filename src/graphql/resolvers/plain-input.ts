/**
 * GraphQL hands inputs over as class instances with explicit nulls for omitted nullable fields; the
 * JSON Schemas validate plain data where an absent optional field is simply absent.
 */
export function plainInput<T>(input: T, nullMeaningful: readonly string[] = []): T {
  return JSON.parse(JSON.stringify(input, (key, value: unknown) => (value === null && key !== "" && !nullMeaningful.includes(key) ? undefined : value))) as T;
}
