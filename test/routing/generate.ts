// Random configurations for the routing oracle: a few servers on one or two ports with exact, wildcard
// and regex names and maybe a default_server, each with a random tree of exact, prefix, `^~` and regex
// locations (nested where nginx allows it), some of them proxied so the automatic redirect comes up.

import fc from "fast-check";

export interface GeneratedConfig {
  readonly config: string;
  readonly paths: readonly string[];
  readonly hosts: readonly string[];
}

const PREFIXES = ["/", "/a", "/a/", "/a/b", "/a/b/", "/ab", "/b/", "/a/b/c", "/A/", "/api/", "/api"];
const REGEXES = ["^/a", "/b", "\\.php$", "^/a/b$", "[0-9]", "A", "^/api/v[0-9]+/", "b/$", "^/(a|api)/"];
const NAMES = [
  "a.test",
  "b.test",
  "*.w.test",
  ".d.test",
  "t.*",
  "~^r\\d+\\.test$",
  "~^(x|y)\\.Rx\\.test$",
  '""',
];
const HOSTS = [
  "a.test",
  "b.test",
  "x.w.test",
  "d.test",
  "e.d.test",
  "t.org",
  "r12.test",
  "x.rx.test",
  "zz.test",
];
const PATHS = [
  "/a",
  "/a/",
  "/a/b",
  "/a/b/",
  "/a/b/c",
  "/ab",
  "/b",
  "/b/",
  "/x.php",
  "/a/x.php",
  "/A/",
  "/api",
  "/api/v2/",
  "/1",
  "/a/b/c/d",
  "/apiz",
];

type Loc = {
  modifier: "" | "=" | "^~" | "~" | "~*";
  name: string;
  proxied: boolean;
  nested: Loc[];
  extra?: string;
};

/** Rewrite-module statements a location may hold (most hold none). */
const EXTRAS = [
  "",
  "",
  "",
  "",
  "rewrite ^/a/(.*)$ /b/$1 last;",
  "rewrite ^/b/(.*)$ /api/$1;",
  "return 301 /moved$request_uri;",
  "if ($arg_k = v) { }",
  "if ($request_method = POST) { return 405; }",
  "internal;",
  "error_page 404 /ab; return 404;",
  "error_page 418 = @named; return 418;",
];

const locationArb = (depth: number, parent: Loc | undefined): fc.Arbitrary<Loc> =>
  fc
    .record({
      kind: fc.constantFrom("" as const, "=" as const, "^~" as const, "~" as const, "~*" as const),
      prefix: fc.constantFrom(...PREFIXES),
      regex: fc.constantFrom(...REGEXES),
      proxied: fc.boolean(),
      count: depth > 0 ? fc.nat(2) : fc.constant(0),
      extra: fc.constantFrom(...EXTRAS),
    })
    .chain(({ kind, prefix, regex, proxied, count, extra }) => {
      const isRegex = kind === "~" || kind === "~*";
      let name = isRegex ? regex : prefix;
      // nginx refuses a nested prefix location outside its parent's name: extend the parent's.
      if (parent && !isRegex)
        name =
          parent.modifier === "~" || parent.modifier === "~*"
            ? `${parent.name}`
            : `${parent.name}${prefix.slice(1)}`;
      const self: Loc = { modifier: kind, name, proxied, nested: [], extra };
      // An exact location holds no nested ones.
      if (kind === "=" || count === 0) return fc.constant(self);
      return fc
        .array(locationArb(depth - 1, self), { minLength: count, maxLength: count })
        .map((nested) => ({ ...self, nested }));
    });

function render(location: Loc, indent: string): string {
  const head = `${indent}location ${location.modifier ? `${location.modifier} ` : ""}${location.name} {`;
  const body = [
    ...(location.proxied ? [`${indent}  proxy_pass http://app:8080;`] : []),
    ...(location.extra ? [`${indent}  ${location.extra}`] : []),
    ...location.nested.map((n) => render(n, `${indent}  `)),
  ];
  return [head, ...body, `${indent}}`].join("\n");
}

function withCatchAll(locations: Loc[], at: number | null): Loc[] {
  if (at === null || locations.some((l) => l.modifier === "" && l.name === "/")) return locations;
  const all = [...locations];
  all.splice(at % (all.length + 1), 0, { modifier: "", name: "/", proxied: false, nested: [] });
  return all;
}

/** A random http-level configuration with the paths and hosts worth asking for. */
export function generatedConfig(): fc.Arbitrary<GeneratedConfig> {
  const server = fc.record({
    port: fc.constantFrom(80, 8080),
    names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 0, maxLength: 3 }),
    isDefault: fc.boolean(),
    mergeSlashes: fc.boolean(),
    locations: fc.array(locationArb(2, undefined), { minLength: 1, maxLength: 6 }),
    serverRewrite: fc.constantFrom(
      "",
      "",
      "",
      "rewrite ^/old/(.*)$ /$1 last;",
      "if ($http_x_go) { return 403; }",
    ),
    // Most servers have a catch-all: without one, most paths end in the static files nobody can predict.
    catchAll: fc.option(fc.nat(6), { freq: 4 }),
  });
  return fc.array(server, { minLength: 1, maxLength: 3 }).map((servers) => {
    const defaults = new Set<number>();
    const text = servers
      .map((s) => {
        const isDefault = s.isDefault && !defaults.has(s.port);
        if (isDefault) defaults.add(s.port);
        return [
          `server {`,
          `  listen ${s.port}${isDefault ? " default_server" : ""};`,
          ...(s.names.length > 0 ? [`  server_name ${s.names.join(" ")};`] : []),
          ...(s.mergeSlashes ? [] : ["  merge_slashes off;"]),
          ...(s.serverRewrite ? [`  ${s.serverRewrite}`] : []),
          "  location @named { }",
          ...withCatchAll(s.locations, s.catchAll).map((l) => render(l, "  ")),
          `}`,
        ].join("\n");
      })
      .join("\n");
    return { config: text, paths: PATHS, hosts: HOSTS };
  });
}
