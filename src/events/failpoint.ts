/**
 * Crash tests set PIM_FAILPOINT to a name below, optionally narrowed as "<name>:<detail>" (an event
 * type, a channel), and the process kills itself there, as a power cut would: no handlers, no flushing. Unset,
 * it costs one property read.
 */
export type FailpointName = "after-write-before-publish" | "during-feed-run" | "after-webhook-delivered" | "during-import";

export function failpoint(name: FailpointName, detail: string): void {
  const armed = process.env.PIM_FAILPOINT;
  if (armed === name || armed === `${name}:${detail}`) process.kill(process.pid, "SIGKILL");
}
