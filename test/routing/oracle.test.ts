// The routing oracle: route() against the real nginx on loopback, on corner cases written from nginx's
// source, on generated configurations, and on the real-world corpus. Every request whose answer route()
// predicts must agree with nginx; requests route() calls undecidable are counted apart.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { nginxBinary } from "../support/nginx";
import { REQUIRE_ALL, skipUnless } from "../support/requirements";
import { scratchFolder } from "../support/scratch";
import { CORNER_CASES } from "./corner-cases";
import { generatedConfig } from "./generate";
import {
  judge,
  loadRunnable,
  makeRunnable,
  route,
  routeRequest,
  send,
  startRunnable,
  type OracleRequest,
  type TopContext,
} from "./oracle";
import { requestsFor } from "./requests";

const skip = skipUnless(nginxBinary() !== undefined, "nginx is not installed (apt-get install -y nginx)");
const scratch = scratchFolder("routing-oracle-");

/** Agreement counts of one source of configurations. */
interface Tally {
  configurations: number;
  requests: number;
  agree: number;
  undecidable: number;
  skipped: string[];
  mismatches: string[];
}

const tallies = new Map<string, Tally>();
function tallyOf(source: string): Tally {
  let tally = tallies.get(source);
  if (!tally)
    tallies.set(
      source,
      (tally = { configurations: 0, requests: 0, agree: 0, undecidable: 0, skipped: [], mismatches: [] }),
    );
  return tally;
}

let stubPort = 0;
let stub: http.Server | undefined;

before(async () => {
  if (skip) return;
  stub = http.createServer((_, res) => res.end("STUB"));
  await new Promise<void>((resolve) => stub?.listen(0, "127.0.0.1", resolve));
  const address = stub.address();
  stubPort = typeof address === "object" && address ? address.port : 0;
});

after(() => {
  stub?.close();
  const lines = [...tallies].map(
    ([source, t]) =>
      `  ${source}: ${t.agree}/${t.requests - t.undecidable} requests agree on ${t.configurations} configurations (${t.undecidable} undecidable${t.skipped.length > 0 ? `, ${t.skipped.length} configurations nginx would not run here` : ""})`,
  );
  const skippedLines = [...tallies].flatMap(([source, t]) =>
    t.skipped.map((why) => `  not run (${source}): ${why}`),
  );
  const all = [...tallies.values()];
  const sum = (f: (t: Tally) => number): number => all.reduce((n, t) => n + f(t), 0);
  if (all.length > 0)
    console.log(
      `routing oracle: ${sum((t) => t.agree)}/${sum((t) => t.requests - t.undecidable)} requests agree on ${sum((t) => t.configurations)} configurations (${sum((t) => t.undecidable)} undecidable)\n${[...lines, ...skippedLines].join("\n")}`,
    );
});

/** The server blocks a mismatch is about (by their X-Srv tags), as run: a minimal reproducer. */
function snippet(text: string, tags: ReadonlySet<string>): string {
  const blocks: string[] = [];
  for (const tag of tags) {
    const start = text.indexOf(`server { add_header X-Srv ${tag} always;`);
    if (start < 0) continue;
    let depth = 0;
    for (let i = text.indexOf("{", start); i < text.length; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) {
        blocks.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return blocks.length > 0 ? blocks.join("\n") : text;
}

/** Runs one configuration under nginx and compares every request; returns the mismatch lines. */
async function runOracle(
  source: string,
  name: string,
  original: string,
  context: TopContext,
  options: {
    paths?: readonly string[];
    hosts?: readonly string[];
    methods?: readonly string[];
    cap?: number;
  } = {},
): Promise<string[]> {
  const tally = tallyOf(source);
  if (!/\bserver\s*\{/.test(original) && context !== "location") {
    tally.skipped.push(`${name}: no server block to send requests to`);
    return [];
  }
  const started = await startRunnable((drop) => makeRunnable(original, context, stubPort, drop));
  if ("error" in started) {
    tally.skipped.push(`${name}: ${started.error}`);
    return [];
  }
  const { nginx, runnable } = started;
  try {
    if (runnable.ports.length === 0) {
      tally.skipped.push(`${name}: no server block to send requests to`);
      return [];
    }
    const dir = fs.mkdtempSync(path.join(scratch.dir, "cfg-"));
    const config = loadRunnable(dir, runnable.text);
    const requests = requestsFor(config, runnable.ports, options);
    const mismatches: string[] = [];
    const tags = new Set<string>();
    tally.configurations++;
    const queue = [...requests];
    const worker = async (): Promise<void> => {
      for (let request = queue.shift(); request; request = queue.shift()) {
        const answer = await send(request);
        const result = route(config, routeRequest(request));
        const verdict = judge(result, answer);
        tally.requests++;
        if (verdict.kind === "agree") tally.agree++;
        else if (verdict.kind === "undecidable") tally.undecidable++;
        else
          mismatches.push(
            `${describeRequest(request)}: route() says ${verdict.expected}, nginx answered ${verdict.actual}`,
          );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    if (mismatches.length > 0) {
      tally.mismatches.push(...mismatches.map((m) => `${name}: ${m}`));
      return [
        `${name}: ${mismatches.length} of ${requests.length} requests disagree`,
        ...mismatches.slice(0, 8),
        "configuration as run:",
        snippet(runnable.text, tags),
      ];
    }
    return [];
  } finally {
    await nginx.stop();
  }
}

function describeRequest(request: OracleRequest): string {
  return `${request.method} ${request.target} (Host: ${request.host ?? "none, HTTP/1.0"}, port ${request.port})`;
}

describe("routing oracle", { skip }, () => {
  test("corner cases written from nginx's source agree with nginx", async () => {
    const failures: string[] = [];
    for (const corner of CORNER_CASES)
      failures.push(...(await runOracle("corner cases", corner.name, corner.config, "http", corner)));
    assert.deepEqual(failures, [], failures.join("\n"));
  });

  test("generated configurations agree with nginx", async () => {
    /** The seed CI always runs, so a failure it finds once is found on every run. */
    const FIXED_SEED = 20261129;
    const seeds = process.env.FUZZ_SEED
      ? [Number(process.env.FUZZ_SEED)]
      : [...(REQUIRE_ALL ? [FIXED_SEED] : []), Math.floor(Math.random() * 2 ** 31)];
    const failures: string[] = [];
    for (const seed of seeds) {
      console.log(`routing oracle: generated configurations with seed ${seed} (FUZZ_SEED=${seed} replays)`);
      const samples = fc.sample(generatedConfig(), {
        numRuns: Number(process.env.ROUTING_CONFIGS ?? 12),
        seed,
      });
      for (const [i, sample] of samples.entries()) {
        const lines = await runOracle("generated", `seed ${seed} #${i}`, sample.config, "http", {
          paths: sample.paths,
          hosts: sample.hosts,
          cap: 250,
        });
        failures.push(...lines);
        if (lines.length > 0) break;
      }
    }
    assert.deepEqual(failures, [], failures.join("\n"));
  });

  test("the corpus configurations agree with nginx", async () => {
    const corpus = path.resolve(__dirname, "../../../test/corpus");
    const manifest = fs.readFileSync(path.join(corpus, "MANIFEST.tsv"), "utf8").trim().split("\n").slice(1);
    const failures: string[] = [];
    for (const row of manifest) {
      const [file, , , , , kind] = row.split("\t");
      if (!file || !kind) continue;
      const context = (["main", "http", "server", "location"] as const).find((c) => kind.startsWith(c));
      if (!context) continue;
      const text = fs.readFileSync(path.join(corpus, file), "utf8");
      failures.push(...(await runOracle("corpus", file, text, context, { cap: 200 })));
    }
    assert.deepEqual(failures, [], failures.join("\n"));
  });
});
