/**
 * Crash tests set PIM_FAILPOINT to a name below and the process kills itself there, as a power cut
 * would: no handlers, no flushing. Unset, it costs one property read.
 */
export type FailpointName = "after-write-before-publish";

export function failpoint(name: FailpointName): void {
  if (process.env.PIM_FAILPOINT === name) process.kill(process.pid, "SIGKILL");
}
