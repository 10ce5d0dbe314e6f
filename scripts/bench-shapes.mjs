// The shapes of configuration `npm run bench` measures. One generator is not evidence: each shape
// stresses a different part of the engine (fix construction, one huge block, thousands of files,
// huge table bodies and long lines, variable definitions, real configurations), so a cost that grows
// faster than the input shows up in at least one of them. Every generator writes a configuration of
// about `lines` lines that `nginx -t` accepts into `dir` and returns the path of its main file.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const corpusDir = path.join(root, "test", "corpus");

/** The start of every generated main file: temp paths inside `dir`, hash sizes for large inputs. */
function head(dir, extra = "") {
  return `pid ${dir}/bench.pid;
error_log ${dir}/error.log;
events {
    worker_connections 4096;
}
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    server_names_hash_max_size 1048576;
    server_names_hash_bucket_size 128;
    variables_hash_max_size 1048576;
    variables_hash_bucket_size 128;
    map_hash_max_size 1048576;
    map_hash_bucket_size 256;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
${extra}`;
}

/** Repeats `block(n)` until the text has about `lines` lines, inside `head` and a closing brace. */
function fill(dir, lines, block, extraHead = "") {
  const start = head(dir, extraHead);
  const parts = [start];
  let count = start.split("\n").length;
  for (let n = 0; count < lines; n++) {
    const text = block(n);
    parts.push(text);
    count += text.split("\n").length - 1;
  }
  parts.push("}\n");
  return parts.join("");
}

function writeMain(dir, text) {
  const file = path.join(dir, "nginx.conf");
  fs.writeFileSync(file, text);
  return file;
}

/** (a) Servers of realistic directives, few findings: the configuration the bench always measured. */
function typical(lines, dir) {
  const block = (n) => `    server {
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
  return writeMain(dir, fill(dir, lines, block));
}

/**
 * (b) Every proxied location has a WebSocket finding, with fixes: missing setup at an endpoint path,
 * an incomplete one, and headers shadowed by a location's own list. The worst case for building fixes.
 */
function websocketFindings(lines, dir) {
  // Even servers set the WebSocket headers at server level, which each location's own list shadows;
  // odd ones set none, so their locations miss the setup or have half of it.
  const serverHeaders = (n) =>
    n % 2 === 0
      ? `        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
`
      : `        proxy_set_header Host $host;
`;
  const block = (n) => `    upstream app${n} {
        server 127.0.0.1:${9000 + (n % 100)};
    }
    server {
        listen 127.0.0.1:${10000 + (n % 16)};
        server_name w${n}.example.com;
${serverHeaders(n)}        location /ws/ {
            proxy_pass http://app${n};
${n % 2 === 0 ? "            proxy_set_header Host $host;\n" : ""}        }
        location /socket.io/ {
            proxy_pass http://app${n};
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "";
        }
        location /live/ {
            proxy_pass http://app${n};
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header Upgrade $http_upgrade;
        }
    }
`;
  return writeMain(dir, fill(dir, lines, block));
}

/**
 * (c) One server holding every location: prefix, exact, `^~`, regex and nested ones. The server sets
 * the WebSocket headers, and every fourth location a list of its own that shadows them: a finding
 * whose message names the server, tens of thousands of times.
 */
function oneServer(lines, dir) {
  const start = `    server {
        listen 127.0.0.1:10000;
        server_name big.example.com;
        root /srv/big;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
`;
  const block = (n) =>
    n % 4 === 0
      ? `        location /p${n}/ {
            proxy_pass http://127.0.0.1:9000;
            proxy_set_header X-Real-IP $remote_addr;
            location /p${n}/inner/ {
                root /srv/inner;
            }
        }
`
      : n % 4 === 1
        ? `        location = /exact${n} {
            return 204;
        }
`
        : n % 4 === 2
          ? `        location ^~ /static${n}/ {
            expires 1h;
        }
`
          : `        location ~ ^/r${n}/(\\d+)$ {
            proxy_pass http://127.0.0.1:9001;
        }
`;
  const text = fill(dir, lines - 2, block, start);
  return writeMain(dir, text.replace(/}\n$/, "    }\n}\n"));
}

/** (d) Many small files reached through one glob include: 10,000 of them (fewer below 100k lines). */
function manyFiles(lines, dir) {
  const count = Math.min(10_000, Math.max(1, Math.floor(lines / 10)));
  const perFile = Math.max(10, Math.floor(lines / count));
  fs.mkdirSync(path.join(dir, "sites"), { recursive: true });
  for (let f = 0; f < count; f++) {
    const parts = [];
    let written = 0;
    for (let n = 0; written < perFile; n++) {
      parts.push(`server {
    listen 127.0.0.1:${10000 + (f % 16)};
    server_name f${f}-${n}.example.com;
    location / {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Host $host;
    }
    location /static/ {
        root /srv/f${f};
    }
}
`);
      written += 10;
    }
    fs.writeFileSync(path.join(dir, "sites", `site${String(f).padStart(5, "0")}.conf`), parts.join(""));
  }
  return writeMain(dir, head(dir) + "    include sites/*.conf;\n}\n");
}

/** (e) Large `map` and `geo` bodies, and very long lines (hundreds of names, a long header value). */
function tablesAndLongLines(lines, dir) {
  const third = Math.floor(lines / 3);
  // nginx refuses a single argument longer than 4,096 bytes: the header value below stays under.
  const parts = [head(dir), "    map $uri $bench_target {\n        default 0;\n"];
  for (let n = 0; n < third; n++) parts.push(`        /page/${n} ${n % 7};\n`);
  parts.push("    }\n    geo $bench_region {\n        default none;\n");
  for (let n = 0; n < third; n++)
    parts.push(`        10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/32 r${n % 13};\n`);
  parts.push("    }\n");
  const policy = Array.from({ length: 140 }, (_, i) => `https://cdn${i}.example.com`).join(" ");
  // Every tenth server has the long lines (300 names, a 3.6 kB header value): as long as real ones
  // get, without making the file hundreds of megabytes.
  let count = 2 * third + 30;
  for (let n = 0; count < lines; n++) {
    const long = n % 10 === 0;
    const names = Array.from({ length: long ? 300 : 2 }, (_, i) => `h${n}-${i}.example.com`).join(" ");
    parts.push(`    server {
        listen 127.0.0.1:${10000 + (n % 16)};
        server_name ${names};
${long ? `        add_header Content-Security-Policy "default-src 'self' ${policy}";\n` : ""}        add_header X-Target $bench_target;
        add_header X-Region $bench_region;
    }
`);
    count += long ? 7 : 6;
  }
  parts.push("}\n");
  return writeMain(dir, parts.join(""));
}

/** (f) Many variables defined by `map` and `set`, used in headers, proxies and a log format. */
function manyVariables(lines, dir) {
  const block = (n) => `    map $http_x_key${n} $bench_v${n} {
        default "d${n}";
        ~^a "a${n}";
    }
    server {
        listen 127.0.0.1:${10000 + (n % 16)};
        server_name v${n}.example.com;
        set $bench_s${n} "$bench_v${n}-$host";
        location / {
            proxy_set_header X-V $bench_v${n};
            proxy_set_header X-S $bench_s${n};
            proxy_pass http://127.0.0.1:9000/$bench_v${n}$request_uri;
            add_header X-Cookie $cookie_session$arg_page;
        }
    }
`;
  const format = "    log_format bench '$remote_addr $bench_v0 $upstream_response_time $http_user_agent';\n";
  return writeMain(dir, fill(dir, lines, block, format));
}

/** Whether real nginx accepts a file (no nginx: assumed, and the bench says it could not check). */
function nginxAccepts(nginx, dir, file) {
  if (!nginx) return true;
  const result = spawnSync(
    nginx,
    ["-t", "-q", "-p", dir + "/", "-c", file, "-e", path.join(dir, "error.log")],
    {
      encoding: "utf8",
    },
  );
  return result.status === 0;
}

/** Names a repeated copy must not share with the first: upstreams and shared-memory zones. */
function renameForCopy(text, k) {
  const names = new Set();
  for (const m of text.matchAll(/\bupstream\s+([\w.-]+)\s*\{/g)) names.add(m[1]);
  for (const m of text.matchAll(/\b(?:keys_)?zone=([\w.-]+):/g)) names.add(m[1]);
  let out = text.replace(/\s(default_server|reuseport|deferred|ipv6only=\w+|backlog=\d+)\b/g, "");
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
    out = out.replace(
      new RegExp(
        `(\\bupstream\\s+|https?://|grpcs?://|\\b(?:keys_)?zone=|\\bproxy_cache\\s+|\\blimit_conn\\s+|_pass\\s+)${escaped}(?![\\w.-])`,
        "g",
      ),
      `$1${name}_c${k}`,
    );
  }
  return out;
}

/**
 * (g) The project's real-world corpus (test/corpus: server- and http-level files `nginx -t`
 * accepts with a plain wrapper), repeated to size with upstream and zone names made unique per copy.
 * Files that real nginx refuses when repeated (certificates it cannot load, listen options that may
 * appear once) are left out; the bench prints which were used.
 */
function realConfigurations(lines, dir, nginx) {
  const manifest = fs.readFileSync(path.join(corpusDir, "MANIFEST.tsv"), "utf8").trim().split("\n");
  const header = manifest.shift().split("\t");
  const col = (cells, name) => cells[header.indexOf(name)] ?? "";
  const usable = [];
  fs.mkdirSync(path.join(dir, "probe"), { recursive: true });
  for (const row of manifest) {
    const cells = row.split("\t");
    const kind = col(cells, "context_kind");
    const wrapper = col(cells, "wrapper");
    if (col(cells, "nginx_t") !== "pass" || !/^(server|http)$/.test(kind)) continue;
    if (!wrapper.includes("http { include <file>; }") && !wrapper.includes("include <file>; }")) continue;
    const text = fs.readFileSync(path.join(corpusDir, col(cells, "file")), "utf8");
    const body = [0, 1].map((k) => renameForCopy(text, k)).join("\n");
    const probeDir = path.join(dir, "probe");
    const probe = path.join(probeDir, "nginx.conf");
    fs.writeFileSync(probe, head(probeDir) + body + "\n}\n");
    if (nginxAccepts(nginx, probeDir, probe)) usable.push({ name: col(cells, "file"), text });
  }
  const start = head(dir);
  const parts = [start];
  let count = start.split("\n").length;
  for (let k = 0; count < lines && usable.length > 0; k++) {
    const { text } = usable[k % usable.length];
    const copy = renameForCopy(text, k) + "\n";
    parts.push(copy);
    count += copy.split("\n").length - 1;
  }
  parts.push("}\n");
  const file = writeMain(dir, parts.join(""));
  return {
    file,
    note: `${usable.length} corpus files: ${usable.map((u) => u.name.split("__")[0]).join(", ")}`,
  };
}

/** The shapes, in the order the bench prints them. `make` returns a path or `{ file, note }`. */
export const SHAPES = [
  { id: "a", name: "typical servers, few findings", make: typical },
  { id: "b", name: "every proxied location a WebSocket finding", make: websocketFindings },
  { id: "c", name: "one server, all the locations", make: oneServer },
  { id: "d", name: "10,000 small files by glob", make: manyFiles },
  { id: "e", name: "large map/geo, long lines", make: tablesAndLongLines },
  { id: "f", name: "many variables and maps", make: manyVariables },
  { id: "g", name: "real corpus configurations repeated", make: realConfigurations },
];

/** Counts the lines of a generated configuration, its included files too. */
export function countLines(main) {
  const countIn = (file) => {
    const text = fs.readFileSync(file, "utf8");
    let n = 0;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
    return n;
  };
  let total = countIn(main);
  const sites = path.join(path.dirname(main), "sites");
  if (fs.existsSync(sites)) for (const f of fs.readdirSync(sites)) total += countIn(path.join(sites, f));
  return total;
}
