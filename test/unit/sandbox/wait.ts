/**
 * Waits until `ready()` holds, looking again every `everyMs`. It sets no deadline of its own: the
 * test's timeout (generous, for a loaded CI machine) ends a wait for something that never happens,
 * so no figure of the wall clock decides whether a test passes.
 */
export async function until(ready: () => boolean, everyMs = 20): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

/** Whether a process with this pid exists (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
