/** A sleep that something else can cut short: loops wait for work or a poke, whichever comes first. */
export class Waker {
  private wake: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  poke(): void {
    this.wake?.();
  }
}
