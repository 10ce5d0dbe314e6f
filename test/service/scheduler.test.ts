// The debounce of analyses on a clock the test moves: when a change is analysed at once, when it waits
// for a burst to pause, and how long that pause is.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AnalysisScheduler,
  MAX_DEBOUNCE_MS,
  MIN_DEBOUNCE_MS,
} from "../../server/src/language-service/scheduler";
import { FakeClock } from "../support/fake-clock";

/** A scheduler and the keys it ran, in order. */
function setUp(): {
  clock: FakeClock;
  scheduler: AnalysisScheduler;
  ran: string[];
  schedule(key: string): void;
} {
  const clock = new FakeClock();
  const scheduler = new AnalysisScheduler(clock);
  const ran: string[] = [];
  return { clock, scheduler, ran, schedule: (key) => scheduler.schedule(key, () => ran.push(key)) };
}

describe("analysis scheduler", () => {
  it("runs a change after a quiet spell once the input received with it is handled, with no time passing", () => {
    const { clock, ran, schedule } = setUp();
    schedule("a");
    assert.deepEqual(ran, [], "not inside the handler of the change itself");
    clock.runImmediates();
    assert.deepEqual(ran, ["a"]);
    assert.equal(clock.now(), 0);
  });

  it("runs changes received together once", () => {
    const { clock, ran, schedule } = setUp();
    schedule("a");
    schedule("a");
    schedule("a");
    clock.runImmediates();
    clock.advance(MAX_DEBOUNCE_MS * 2);
    assert.deepEqual(ran, ["a"]);
  });

  it("in a burst, waits until the changes pause for as long as the last analysis took", () => {
    const { clock, scheduler, ran, schedule } = setUp();
    scheduler.measure("a", () => clock.elapse(40));
    schedule("a");
    clock.runImmediates();
    assert.deepEqual(ran, ["a"], "the first change of a burst runs at once");
    clock.advance(25);
    schedule("a");
    clock.advance(39);
    assert.deepEqual(ran, ["a"], "a change 25 ms after the last waits its pause");
    clock.advance(1);
    assert.deepEqual(ran, ["a", "a"]);
  });

  it("keeps the pause between the shortest and the longest wait", () => {
    const fast = setUp();
    fast.scheduler.measure("a", () => undefined);
    fast.schedule("a");
    fast.clock.advance(1);
    fast.schedule("a");
    fast.clock.advance(MIN_DEBOUNCE_MS - 1);
    assert.equal(fast.ran.length, 1, "an analysis that took no time still waits the shortest pause");
    fast.clock.advance(1);
    assert.equal(fast.ran.length, 2);

    const slow = setUp();
    slow.scheduler.measure("a", () => slow.clock.elapse(5000));
    slow.schedule("a");
    slow.clock.advance(1);
    slow.schedule("a");
    slow.clock.advance(MAX_DEBOUNCE_MS - 1);
    assert.equal(slow.ran.length, 1);
    slow.clock.advance(1);
    assert.equal(slow.ran.length, 2, "a slow analysis waits the longest pause, no more");
  });

  it("keeps each document's timing apart", () => {
    const { clock, ran, schedule } = setUp();
    schedule("a");
    clock.advance(1);
    schedule("b");
    clock.runImmediates();
    assert.deepEqual(ran, ["a", "b"], "b was quiet, whatever a did");
  });

  it("cancels: a pending run called off never runs; a forgotten document starts afresh", () => {
    const { clock, scheduler, ran, schedule } = setUp();
    schedule("a");
    scheduler.cancel("a");
    clock.advance(MAX_DEBOUNCE_MS);
    assert.deepEqual(ran, []);
    schedule("a");
    scheduler.forget("a");
    schedule("a");
    clock.runImmediates();
    assert.deepEqual(ran, ["a"], "after forget, the next change is a first change again");
    schedule("a");
    schedule("b");
    scheduler.cancelAll();
    clock.advance(MAX_DEBOUNCE_MS);
    assert.deepEqual(ran, ["a"]);
  });
});
