// Time as an input of the language service: when a change is analysed depends on when it arrived and
// on how long the last analysis took. The server runs on the process's clock; tests hand the service
// a clock they move themselves, so what waits and what runs at once is decided without sleeping.

/** A scheduled callback, as the clock that scheduled it knows it. */
export type TimerHandle = unknown;

/** What scheduling needs of time. */
export interface Clock {
  /** Milliseconds since an arbitrary start; only differences are meaningful. */
  now(): number;
  /** Runs `run` once, `ms` milliseconds from now. */
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /**
   * Runs `run` after the input already received is handled (Node's `setImmediate`): how a change
   * waits for the changes that arrived with it, without waiting for any span of time.
   */
  setImmediate(run: () => void): TimerHandle;
}

/** The process's own clock. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setImmediate: (run) => setImmediate(run),
};
