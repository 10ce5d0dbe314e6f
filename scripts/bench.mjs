// `npm run bench`: for each shape of configuration (scripts/bench-shapes.mjs) and each size (10k,
// 100k, 1M lines), the whole `nginx-lint --format json` process (wall time, peak RSS) against
// `nginx -t` on the same files, the two run in turns for several rounds (BENCH_ROUNDS, default 5; 3
// at 1M lines) and the medians kept: on shared machines single runs vary by tens of milliseconds.
// Then the language server: the time from a change to its published diagnostics on 5,000-line files
// of three shapes (scripts/bench-lsp.mjs). Prints tables and where a goal is missed; numbers are
// measurements, never assertions. BENCH_SIZES and BENCH_SHAPES (letters, e.g. "abc") narrow the run.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { countLines, SHAPES } from "./bench-shapes.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const cli = path.join(root, "dist", "cli.js");
const sizes = (process.env.BENCH_SIZES ?? "10000,100000,1000000").split(",").map(Number);
const shapes = SHAPES.filter((s) => (process.env.BENCH_SHAPES ?? "abcdefg").includes(s.id));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lint-bench-"));
const roundsFor = (lines) => Number(process.env.BENCH_ROUNDS ?? (lines >= 1_000_000 ? 3 : 5));

// NODE_EXTRA_CA_CERTS makes every Node process read and parse that certificate file as it starts
// (tens of milliseconds for a system bundle), before any of its own code runs. nginx-lint opens no
// TLS connection, so the processes are timed without it; when it is set, its cost is measured and
// printed under the table.
const caCerts = process.env.NODE_EXTRA_CA_CERTS;
const lintEnv = { ...process.env };
delete lintEnv.NODE_EXTRA_CA_CERTS;

/**
 * How long one process may run. nginx itself is quadratic on some shapes (a server with hundreds of
 * thousands of locations; thousands of `set` variables): past this it is stopped, and the table
 * says "> 120 s" rather than the bench running for hours.
 */
const PROCESS_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);

function timeProcess(command, args, env = process.env) {
  // /usr/bin/time reports the peak RSS of the child; fall back to wall time only without it.
  const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const options = {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env,
    timeout: PROCESS_TIMEOUT_MS,
    killSignal: "SIGKILL",
  };
  const started = process.hrtime.bigint();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M", command, ...args], options)
    : spawnSync(command, args, options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error?.code === "ETIMEDOUT" || result.signal === "SIGKILL")
    return { ms: Number.POSITIVE_INFINITY, rssMiB: NaN, status: "timeout" };
  const rssKiB = timeBin ? Number(result.stderr.trim().split("\n").pop()) : NaN;
  return { ms, rssMiB: rssKiB / 1024, status: result.status };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs each process `rounds` times, in turns, and keeps the median time and RSS of each. */
function timeInTurns(rounds, processes) {
  const runs = processes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    processes.forEach((p, i) => {
      // A process that ran out of time once is not run again: its median is "too long" already.
      if (runs[i].some((x) => x.status === "timeout")) return;
      runs[i].push(timeProcess(p.command, p.args, p.env));
    });
  }
  return runs.map((r) => ({
    ms: median(r.map((x) => x.ms)),
    rssMiB: median(r.map((x) => x.rssMiB)),
    status: r[r.length - 1].status,
  }));
}

function nginxBinary() {
  for (const candidate of ["/usr/sbin/nginx", "/usr/local/sbin/nginx"])
    if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

if (!fs.existsSync(cli)) {
  console.error("bench: dist/cli.js is missing; run `npm run build` first");
  process.exit(2);
}

// The goals the bench reports against (whole process, on every shape).
const GOALS = { ratio: 0.5, memoryMiB1M: 400, growth: 12 };
const NGINX_SLOW_MS = 3000;

/**
 * Where one nginx-lint run's time goes (NGINX_LINT_TIMING=1 makes it print its phases): Node's own
 * start-up, reading + parsing + expanding includes, the rules, and writing the report (what is left).
 */
function phases(run) {
  const started = process.hrtime.bigint();
  const result = spawnSync(run.command, run.args, {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...run.env, NGINX_LINT_TIMING: "1" },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const timings = [...result.stderr.matchAll(/^timing (.+) ([\d.]+) ms$/gm)].map((m) => [m[1], Number(m[2])]);
  const LOADING = ["read and parse the given files", "read, parse and load"];
  const sum = (keep) => timings.filter(([label]) => keep(label)).reduce((total, [, ms]) => total + ms, 0);
  const load = sum((label) => LOADING.includes(label));
  const analysed = timings.find(([label]) => label === "analysis since the process started")?.[1] ?? NaN;
  const rules = sum((label) => !LOADING.includes(label) && label !== "analysis since the process started");
  // What is left of the analysis once Node has started, outside the timed phases: mostly loading
  // nginx-lint's own code and data, and finding the files.
  const code = analysed - nodeStart - load - rules;
  return { start: nodeStart, code, load, rules, output: wall - analysed, wall };
}

// Node's start-up before any of nginx-lint's code runs: nothing nginx-lint does can make it smaller.
const nodeStart = timeInTurns(9, [{ command: process.execPath, args: ["-e", "0"], env: lintEnv }])[0].ms;

const rows = [];
const nginx = nginxBinary();
const notes = [];
for (const shape of shapes) {
  for (const lines of sizes) {
    const dir = path.join(work, `${shape.id}-${lines}`);
    fs.mkdirSync(dir, { recursive: true });
    const made = shape.make(lines, dir, nginx);
    const file = typeof made === "string" ? made : made.file;
    if (typeof made !== "string" && made.note && lines === sizes[0]) notes.push(`(${shape.id}) ${made.note}`);
    const lintRun = { command: process.execPath, args: [cli, "--format", "json", file], env: lintEnv };
    // nginx itself is quadratic on some shapes (each `set` variable is looked up in a list of all of
    // them): past NGINX_SLOW_MS at a tenth of the size, nginx -t would take many minutes here.
    const smaller = rows.find((r) => r.shape === shape && r.target * 10 === lines);
    const nginxTooSlow = smaller?.nginxT && smaller.nginxT.ms > NGINX_SLOW_MS;
    if (nginxTooSlow)
      notes.push(
        `(${shape.id}) nginx -t not run at ${lines} lines: it took ${(smaller.nginxT.ms / 1000).toFixed(1)} s ` +
          `at ${smaller.target} and grows faster than the input there`,
      );
    const nginxRun = nginx &&
      !nginxTooSlow && {
        command: nginx,
        args: ["-t", "-q", "-p", dir + "/", "-c", file, "-e", path.join(dir, "error.log")],
      };
    const [lint, nginxT] = timeInTurns(roundsFor(lines), nginxRun ? [lintRun, nginxRun] : [lintRun]);
    rows.push({ shape, lines: countLines(file), target: lines, lint, nginxT, phases: phases(lintRun) });
    fs.rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`bench: ${shape.id} ${lines} lines: ${lint.ms.toFixed(0)} ms\n`);
  }
}

const fmt = (n, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? "n/a"
    : n === Number.POSITIVE_INFINITY
      ? `> ${PROCESS_TIMEOUT_MS / 1000} s`
      : n.toFixed(digits);
const missed = [];
console.log(
  "shape | lines     | nginx-lint ms | peak RSS MiB | nginx -t ms | nginx -t RSS MiB | ratio | growth 100k->1M",
);
console.log(
  "------|-----------|---------------|--------------|-------------|------------------|-------|----------------",
);
for (const r of rows) {
  const ratio = r.nginxT ? r.lint.ms / r.nginxT.ms : NaN;
  const small = r.target === 1_000_000 && rows.find((x) => x.shape === r.shape && x.target === 100_000);
  const growth = small ? r.lint.ms / small.lint.ms : NaN;
  console.log(
    [
      ` (${r.shape.id}) `,
      String(r.lines).padStart(9),
      `${fmt(r.lint.ms)}${r.lint.status > 1 ? ` exit ${r.lint.status}` : ""}`.padStart(13),
      fmt(r.lint.rssMiB).padStart(12),
      (r.nginxT
        ? `${fmt(r.nginxT.ms)}${r.nginxT.status !== 0 && r.nginxT.status !== "timeout" ? ` exit ${r.nginxT.status}` : ""}`
        : "n/a"
      ).padStart(11),
      fmt(r.nginxT?.rssMiB).padStart(16),
      fmt(ratio, 2).padStart(5),
      (small ? `${fmt(growth, 1)}x` : "").padStart(15),
    ].join(" | "),
  );
  if (r.target >= 100_000 && ratio > GOALS.ratio) {
    const p = r.phases;
    missed.push(
      `(${r.shape.id}) ${r.target} lines: ${fmt(ratio, 2)}x nginx -t (goal ${GOALS.ratio}x); the goal allows ` +
        `${fmt(r.nginxT.ms * GOALS.ratio)} ms, one run took ${fmt(p.wall)} ms: Node start-up ${fmt(p.start)}, ` +
        `loading nginx-lint ${fmt(p.code)}, read + parse + includes ${fmt(p.load)}, rules ${fmt(p.rules)}, ` +
        `writing the report ${fmt(p.output)}`,
    );
  }
  if (r.target === 1_000_000 && r.lint.rssMiB > GOALS.memoryMiB1M)
    missed.push(`(${r.shape.id}) 1M lines: ${fmt(r.lint.rssMiB)} MiB peak (goal ${GOALS.memoryMiB1M} MiB)`);
  if (growth > GOALS.growth)
    missed.push(`(${r.shape.id}) growth 100k->1M ${fmt(growth, 1)}x (goal ${GOALS.growth}x)`);
}
console.log("shapes: " + shapes.map((s) => `(${s.id}) ${s.name}`).join("; "));
for (const note of notes) console.log(note);
console.log(
  `(the median of ${roundsFor(10_000)} runs each, ${roundsFor(1_000_000)} at 1M lines, taken in turns; ` +
    "ratio = nginx-lint / nginx -t; growth = 1M-line time / 100k-line time)",
);
if (!nginx) console.log("nginx is not installed: no nginx -t column, and the shapes are not checked by it.");
for (const line of missed) console.log(`goal missed: ${line}`);
if (caCerts !== undefined) {
  const bare = [process.execPath, ["-e", "0"]];
  const [withCa, withoutCa] = timeInTurns(9, [
    { command: bare[0], args: bare[1], env: process.env },
    { command: bare[0], args: bare[1], env: lintEnv },
  ]);
  console.log(
    `NODE_EXTRA_CA_CERTS is set: it adds ${fmt(withCa.ms - withoutCa.ms)} ms to the start of every Node ` +
      `process here (node -e 0: ${fmt(withCa.ms)} ms with it, ${fmt(withoutCa.ms)} ms without); ` +
      "nginx-lint was timed without it.",
  );
}
fs.rmSync(work, { recursive: true, force: true });

if (!process.env.BENCH_NO_LSP) {
  const lsp = spawnSync(process.execPath, [path.join(root, "scripts", "bench-lsp.mjs")], {
    stdio: "inherit",
  });
  if (lsp.status !== 0) process.exitCode = lsp.status ?? 1;
}
