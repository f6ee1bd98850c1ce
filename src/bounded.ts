/**
 * Limits on what the service stores about work it did: a job's error, a report's problems, an event's
 * reason. Their input can be as large as an upload (a header of a million columns), and one MongoDB
 * document holds at most 16 MB, so every such text and list is cut, saying how much was left out.
 */

export const maxStoredTextChars = 2000;
export const maxStoredProblems = 100;

/** The text, or its start and how many characters were left out; never cut inside a surrogate pair. */
export function boundedText(text: string, maxChars = maxStoredTextChars): string {
  if (text.length <= maxChars) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

/** The first problems and, when there were more, a last line counting the rest. */
export function boundedMessages(messages: string[], max = maxStoredProblems): string[] {
  const kept = messages.slice(0, max).map((message) => boundedText(message, 500));
  return messages.length > max ? [...kept, `… and ${messages.length - max} more`] : kept;
}
