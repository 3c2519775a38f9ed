/**
 * The most tasks running at once, over the application: each live executor counts its running tasks up to its
 * task slots (maxTasks). Capped because the listener bus may post an executor's next TaskStart before the
 * TaskEnd of the task it replaces, and a speculative copy is no extra slot. Incremental, O(1) per event.
 */
export class TaskConcurrency {
  private running = 0;
  peak = 0;

  private static counted(active: number, slots: number): number {
    return slots > 0 ? Math.min(Math.max(active, 0), slots) : Math.max(active, 0);
  }

  /** An executor's running tasks went from `before` to `after`. */
  changed(before: number, after: number, slots: number): void {
    this.running += TaskConcurrency.counted(after, slots) - TaskConcurrency.counted(before, slots);
    if (this.running > this.peak) this.peak = this.running;
  }

  /** An executor left with `active` tasks still counted as running. */
  removed(active: number, slots: number): void {
    this.running -= TaskConcurrency.counted(active, slots);
  }
}
