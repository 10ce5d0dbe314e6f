// A clock the test moves by hand, for the language service's scheduling: nothing runs until the test
// says so, so "analysed at once" and "waits for the burst to pause" are decided without sleeping.

import type { Clock, TimerHandle } from "../../server/src/language-service/clock";

interface Task {
  readonly id: number;
  readonly at: number;
  readonly run: () => void;
}

export class FakeClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Task[] = [];
  private immediates: Task[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): TimerHandle {
    const task = { id: this.nextId++, at: this.time + Math.max(0, ms), run };
    this.timers.push(task);
    return task.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  setImmediate(run: () => void): TimerHandle {
    const task = { id: this.nextId++, at: this.time, run };
    this.immediates.push(task);
    return task.id;
  }

  /** Moves time on without running anything: work that took this long (an analysis) while no callback could run. */
  elapse(ms: number): void {
    this.time += ms;
  }

  /** How many callbacks are waiting (timers and immediates). */
  get pending(): number {
    return this.timers.length + this.immediates.length;
  }

  /**
   * Runs the immediates queued so far, then those they queued, until none is left: what the event loop
   * does between reading one batch of input and the next. Time does not move.
   */
  runImmediates(): void {
    for (let turn = 0; this.immediates.length > 0; turn++) {
      if (turn > 1000) throw new Error("immediates keep queueing immediates");
      const queued = this.immediates;
      this.immediates = [];
      for (const task of queued) task.run();
    }
  }

  /** Moves time forward by `ms`, running each timer that falls due, in order, with its immediates. */
  advance(ms: number): void {
    const end = this.time + ms;
    this.runImmediates();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
      this.runImmediates();
    }
    this.time = end;
  }
}
