// When an open document is analysed after it changes. The editor must never wait for a burst of
// typing, and must never fall behind it: a change after a quiet spell is analysed at once (once the
// messages received with it are handled, so changes that arrive together are analysed once); in the
// middle of a burst the document waits until typing pauses for about as long as its last analysis
// took, so a burst costs at most about half the CPU in analyses of versions nobody sees.

import type { Clock, TimerHandle } from "./clock";

/** The shortest and longest pause a burst of changes must make before its document is analysed. */
export const MIN_DEBOUNCE_MS = 10;
export const MAX_DEBOUNCE_MS = 150;

/** What the scheduler keeps per document. */
interface Timing {
  /** The analysis waiting to run, or undefined. */
  pending: { cancel(): void } | undefined;
  /** How long the document's last analysis took; before the first, the longest pause. */
  lastAnalysisMs: number;
  /** When its last change was scheduled, by the clock. */
  lastChangeAt: number;
}

/** Debounces the analyses of open documents, by key (a document's URI), on a clock it is given. */
export class AnalysisScheduler {
  private readonly timings = new Map<string, Timing>();

  constructor(private readonly clock: Clock) {}

  /**
   * Schedules `run` for a document that just changed, calling off the run still pending for it: the
   * version of a newer change replaces the pending one, so a stale version is never analysed.
   */
  schedule(key: string, run: () => void): void {
    const timing = this.timingOf(key);
    const pause = Math.min(MAX_DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, timing.lastAnalysisMs));
    const now = this.clock.now();
    const quiet = now - timing.lastChangeAt >= pause;
    timing.lastChangeAt = now;
    timing.pending?.cancel();
    const fire = (): void => {
      timing.pending = undefined;
      run();
    };
    timing.pending = quiet ? this.afterReceivedInput(fire) : this.afterDelay(pause, fire);
  }

  /** Calls off the document's pending analysis (it is being analysed now, or it closed). */
  cancel(key: string): void {
    const timing = this.timings.get(key);
    timing?.pending?.cancel();
    if (timing) timing.pending = undefined;
  }

  /** Runs an analysis of the document now, timing it: its cost sets how long the next burst waits. */
  measure<T>(key: string, analyse: () => T): T {
    const started = this.clock.now();
    const result = analyse();
    this.timingOf(key).lastAnalysisMs = this.clock.now() - started;
    return result;
  }

  /** Forgets a closed document: reopened, it starts as a document never analysed. */
  forget(key: string): void {
    this.cancel(key);
    this.timings.delete(key);
  }

  /** Calls off every pending analysis (the server is shutting down). */
  cancelAll(): void {
    for (const key of this.timings.keys()) this.cancel(key);
  }

  private timingOf(key: string): Timing {
    let timing = this.timings.get(key);
    if (!timing) {
      timing = {
        pending: undefined,
        lastAnalysisMs: MAX_DEBOUNCE_MS,
        lastChangeAt: Number.NEGATIVE_INFINITY,
      };
      this.timings.set(key, timing);
    }
    return timing;
  }

  /**
   * Runs `run` once the input already read is handled: vscode-jsonrpc handles one queued message per
   * `setImmediate` and queues the next turn after the handler returns, so a second hop lands behind
   * it. Changes that arrived together are analysed once, at their last version, with no span of time
   * to wait for and nothing that depends on the machine's speed.
   */
  private afterReceivedInput(run: () => void): { cancel(): void } {
    let cancelled = false;
    this.clock.setImmediate(() => this.clock.setImmediate(() => cancelled || run()));
    return { cancel: () => (cancelled = true) };
  }

  private afterDelay(ms: number, run: () => void): { cancel(): void } {
    const handle: TimerHandle = this.clock.setTimeout(run, ms);
    return { cancel: () => this.clock.clearTimeout(handle) };
  }
}
