/**
 * Runs `save` soon after something changed, at most one save at a time and at most one per
 * `delayMs` however often `changed()` is called; `close()` saves what is left, then stops.
 * A failed save is reported to `onError` and retried on the next change.
 */
export class StateSaver {
  private timer?: NodeJS.Timeout;
  private saving?: Promise<void>;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  changed(): void {
    if (this.closed) return;
    this.dirty = true;
    this.schedule();
  }

  /** Saves pending changes now and takes no more. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.saving;
    if (this.dirty) await this.run();
  }

  private schedule(): void {
    if (this.timer || this.saving || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, this.delayMs);
  }

  private run(): Promise<void> {
    this.dirty = false;
    this.saving = this.save()
      .catch(this.onError)
      .finally(() => {
        this.saving = undefined;
        if (this.dirty) this.schedule();
      });
    return this.saving;
  }
}
