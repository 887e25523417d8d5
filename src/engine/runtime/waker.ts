/**
 * A sleep that something else can cut short: loops wait for work or a poke, whichever comes first.
 * A poke that comes while the loop is busy (not sleeping) is kept: the next sleep returns at once.
 */
export class Waker {
  private wake: (() => void) | undefined;
  private poked = false;

  sleep(ms: number): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
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
    if (this.wake) this.wake();
    else this.poked = true;
  }
}

/** A loop that runs until stopped, sleeping on its waker between rounds; a poke starts the next round. */
export abstract class WakeableLoop {
  protected running = false;
  protected readonly waker = new Waker();
  private loop: Promise<void> | undefined;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ends the loop after its current round. */
  async stop(): Promise<void> {
    this.running = false;
    this.waker.poke();
    await this.loop;
  }

  protected abstract run(): Promise<void>;
}
