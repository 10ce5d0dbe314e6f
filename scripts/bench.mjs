// `npm run bench`: generates nginx configurations of 1k, 10k, 100k and 1M lines and measures
// (1) parse + analysis inside one process (time, heap growth), and (2) the whole
// `nginx-lint --format json` process (wall time, peak RSS), against `nginx -t` on the same file when
// nginx is installed. The two processes run in turns, several rounds (BENCH_ROUNDS, default 7; 3 at
// 1M lines), and the table shows each one's median: on shared machines single runs vary by tens of
// milliseconds. Prints one table; numbers are measurements, not assertions.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const cli = path.join(root, "dist", "cli.js");
const sizes = (process.env.BENCH_SIZES ?? "1000,10000,100000,1000000").split(",").map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lint-bench-"));
const roundsFor = (lines) => Number(process.env.BENCH_ROUNDS ?? (lines >= 1_000_000 ? 3 : 7));

// NODE_EXTRA_CA_CERTS makes every Node process read and parse that certificate file as it starts
// (tens of milliseconds for a system bundle), before any of its own code runs. nginx-lint opens no
// TLS connection, so the processes are timed without it; when it is set, its cost is measured and
// printed under the table.
const caCerts = process.env.NODE_EXTRA_CA_CERTS;
const lintEnv = { ...process.env };
delete lintEnv.NODE_EXTRA_CA_CERTS;

/** One server block of realistic directives (28 lines), numbered so names stay unique. */
function serverBlock(n) {
  return `    server {
        listen 127.0.0.1:${10000 + (n % 16)};
        server_name s${n}.example.com www.s${n}.example.com;
        root /srv/site${n};
        index index.html;
        add_header X-Site "${n}";
        proxy_set_header Host $host;
        location / {
            try_files $uri $uri/ =404;
        }
        location /api/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 30s;
        }
        location /ws/ {
            proxy_pass http://127.0.0.1:9001;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }
        location ~* \\.(css|js|png)$ {
            expires 30d;
            access_log off;
        }
        # site ${n}
    }
`;
}

function generate(lines) {
  const head = `pid bench.pid;
error_log ${work}/error.log;
events {
    worker_connections 4096;
}
http {
    access_log off;
    client_body_temp_path ${work}/body;
    proxy_temp_path ${work}/proxy;
    fastcgi_temp_path ${work}/fastcgi;
    uwsgi_temp_path ${work}/uwsgi;
    scgi_temp_path ${work}/scgi;
    server_names_hash_max_size 1048576;
    server_names_hash_bucket_size 128;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
`;
  const parts = [head];
  let count = head.split("\n").length;
  for (let n = 0; count < lines; n++) {
    const block = serverBlock(n);
    parts.push(block);
    count += 28;
  }
  parts.push("}\n");
  return parts.join("");
}

function timeProcess(command, args, env = process.env) {
  // /usr/bin/time reports the peak RSS of the child; fall back to wall time only without it.
  const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const options = { encoding: "utf8", maxBuffer: 1 << 30, env };
  const started = process.hrtime.bigint();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M", command, ...args], options)
    : spawnSync(command, args, options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
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
    processes.forEach((p, i) => runs[i].push(timeProcess(p.command, p.args, p.env)));
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

const rows = [];
const nginx = nginxBinary();
for (const lines of sizes) {
  const file = path.join(work, `bench-${lines}.conf`);
  const text = generate(lines);
  fs.writeFileSync(file, text);
  const actualLines = text.split("\n").length - 1;

  // In-process: parse + analysis, measured by a child so each size starts from a fresh heap.
  const inProcess = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "-e",
      `const { analyze } = require(${JSON.stringify(path.join(root, "out", "server", "src", "service.js"))});
       const fs = require("fs");
       const text = fs.readFileSync(${JSON.stringify(file)}, "utf8");
       global.gc(); const before = process.memoryUsage().heapUsed;
       const t0 = process.hrtime.bigint();
       const result = analyze(${JSON.stringify(file)}, { text });
       const ms = Number(process.hrtime.bigint() - t0) / 1e6;
       global.gc(); const after = process.memoryUsage().heapUsed;
       console.log(JSON.stringify({ ms, heapMiB: (after - before) / 1048576, findings: result.findings.length }));`,
    ],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  let engine = { ms: NaN, heapMiB: NaN, findings: NaN };
  try {
    engine = JSON.parse(inProcess.stdout.trim());
  } catch {
    console.error(`bench: in-process run failed for ${lines} lines: ${inProcess.stderr.split("\n")[0]}`);
  }

  const lintRun = { command: process.execPath, args: [cli, "--format", "json", file], env: lintEnv };
  const nginxRun = nginx && {
    command: nginx,
    args: ["-t", "-q", "-p", work + "/", "-c", file, "-e", path.join(work, "error.log")],
  };
  const [lint, nginxT] = timeInTurns(roundsFor(lines), nginxRun ? [lintRun, nginxRun] : [lintRun]);
  rows.push({
    lines: actualLines,
    engineMs: engine.ms,
    heapMiB: engine.heapMiB,
    findings: engine.findings,
    lintMs: lint.ms,
    lintRssMiB: lint.rssMiB,
    lintExit: lint.status,
    nginxMs: nginxT?.ms,
    nginxRssMiB: nginxT?.rssMiB,
    nginxExit: nginxT?.status,
  });
}

const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits));
console.log(
  "lines      | parse+analysis ms | retained heap MiB | findings | nginx-lint --format json ms | peak RSS MiB | nginx -t ms | nginx -t peak RSS MiB",
);
console.log(
  "-----------|-------------------|-------------------|----------|-----------------------------|--------------|-------------|----------------------",
);
for (const r of rows) {
  console.log(
    [
      String(r.lines).padEnd(10),
      fmt(r.engineMs, 1).padStart(17),
      fmt(r.heapMiB, 1).padStart(17),
      String(r.findings).padStart(8),
      `${fmt(r.lintMs)} (exit ${r.lintExit})`.padStart(27),
      fmt(r.lintRssMiB).padStart(12),
      (r.nginxMs === undefined ? "n/a" : `${fmt(r.nginxMs)} (exit ${r.nginxExit})`).padStart(11),
      fmt(r.nginxRssMiB).padStart(20),
    ].join(" | "),
  );
}
console.log(
  `(process columns: the median of ${roundsFor(1)} runs each, ${roundsFor(1_000_000)} at 1M lines, taken in turns)`,
);
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
if (process.env.BENCH_KEEP) console.log(`kept the generated files in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
