// Configurations written from nginx's source, one corner of the routing decision each (or a few),
// with the extra paths and hosts that reach their corners. The oracle adds the markers.

export interface CornerCase {
  readonly name: string;
  /** An http-level text (server blocks and what they need). */
  readonly config: string;
  readonly paths?: readonly string[];
  readonly hosts?: readonly string[];
  readonly methods?: readonly string[];
}

export const CORNER_CASES: readonly CornerCase[] = [
  {
    name: "a regex after a WebSocket prefix location takes its paths (no ^~)",
    config: `server { listen 80; server_name ws.test;
      location /socket.io/ { proxy_pass http://app:3000; proxy_set_header Upgrade $http_upgrade; }
      location ~ ^/(api|socket) { proxy_pass http://app:3000; }
      location / { }
    }`,
    paths: ["/socket.io/?EIO=4&transport=websocket", "/socket.io", "/api/v1", "/sockets"],
  },
  {
    name: "^~ stops the regexes of its level, exact beats prefix of the same name",
    config: `server { listen 80; server_name a.test;
      location ^~ /static/ { }
      location ~ \\.css$ { }
      location = /exact { }
      location /exact { }
      location = / { }
      location / { }
    }`,
    paths: ["/static/a.css", "/other/a.css", "/exact", "/exactly", "/exact/", "/"],
  },
  {
    name: "nested locations: a nested ^~ does not stop the outer regexes; nested regexes come first",
    config: `server { listen 80; server_name n.test;
      location /a/ {
        location ^~ /a/b/ { }
        location ~ \\.php$ { }
        location /a/c/ { location ~ /a/c/d { } }
      }
      location ~ /a/b/c { }
      location ~ \\.php$ { }
    }`,
    paths: ["/a/b/c", "/a/b/x.php", "/a/x.php", "/a/c/d", "/a/c/e", "/b/x.php", "/a/b/", "/a/"],
  },
  {
    name: "regexes in the order written, case-insensitive ones, captures",
    config: `server { listen 80; server_name r.test;
      location ~ ^/img/(.+)\\.png$ { }
      location ~* \\.PNG$ { }
      location ~ ^/img/ { }
      location ~* ^/CaSe/ { }
      location / { }
    }`,
    paths: ["/img/a.png", "/img/a.PNG", "/x/a.png", "/img/", "/case/x", "/CASE/x", "/cAsE/"],
  },
  {
    name: "the automatic redirect of a proxied prefix ending in / (and where it does not happen)",
    config: `server { listen 80; server_name redir.test;
      location /app/ { proxy_pass http://app:3000; }
      location = /exact/ { fastcgi_pass 127.0.0.1:9000; }
      location /both/ { uwsgi_pass 127.0.0.1:9001; }
      location /both { }
      location /plain/ { }
      location ~ ^/app { }
      location /g/ { grpc_pass grpc://127.0.0.1:9002; }
      location /s/ { scgi_pass 127.0.0.1:9003; }
      location /m/ { set $memcached_key $uri; memcached_pass 127.0.0.1:11211; }
    }
    server { listen 81; server_name off.test; absolute_redirect off;
      location /app/ { proxy_pass http://app:3000; }
    }
    server { listen 82; server_name named.test other.test; server_name_in_redirect on; port_in_redirect off;
      location /app/ { proxy_pass http://app:3000; }
    }`,
    paths: ["/app", "/app?x=1", "/exact", "/both", "/plain", "/g", "/s", "/m", "/ap%70", "/app/"],
    hosts: ["other.test"],
  },
  {
    name: "server names: exact, wildcards, regexes in order, default_server, empty names",
    config: `server { listen 80; server_name example.com www.example.com; location / { } }
    server { listen 80; server_name *.example.com; location / { } }
    server { listen 80; server_name *.deep.example.com; location / { } }
    server { listen 80; server_name .example.org; location / { } }
    server { listen 80; server_name www.example.*; location / { } }
    server { listen 80; server_name ~^api\\d+\\.example\\.net$; location / { } }
    server { listen 80; server_name ~^(?<sub>[a-z]+)\\.Mixed\\.test$; location / { } }
    server { listen 80 default_server; server_name dflt.test; location / { } }
    server { listen 80; server_name ""; location / { } }
    server { listen 80; server_name example.com; location / { } }
    server { listen 8080; location / { } }
    server { listen 8080; server_name second.test; location / { } }`,
    hosts: [
      "a.deep.example.com",
      "deep.example.com",
      "x.example.com",
      "example.org",
      "sub.example.org",
      "www.example.co.uk",
      "www.example",
      "api12.example.net",
      "api.example.net",
      "abc.mixed.test",
      "ABC.MIXED.TEST",
      "example.com:80",
      "EXAMPLE.COM.",
      "second.test",
    ],
    paths: ["/"],
  },
  {
    name: "URI normalization: decoding, merge_slashes, dot segments, 400s",
    config: `server { listen 80; server_name u.test;
      location = /a/b { }
      location /a/ { }
      location = /%25 { }
      location = /a?b { }
      location ~ ^/q { }
      location / { }
    }
    server { listen 81; server_name slashes.test; merge_slashes off;
      location = /a//b { }
      location = /a/b { }
      location / { }
    }`,
    paths: [
      "/a%2Fb",
      "/a/%2e/b",
      "/a/x/../b",
      "/a/x/%2E%2E/b",
      "/..",
      "/../a",
      "/a/../..",
      "/%25",
      "/%3F",
      "/a%3Fb",
      "/%zz",
      "/%2",
      "/a//b",
      "/a///b",
      "/a/b/.",
      "/a/b/..",
      "/a/b#frag",
      "/a/b?x#y",
      "/%71",
      "/a/b%23",
      "/a/./b/../b",
    ],
  },
  {
    name: "merge_slashes comes from the default server of the socket",
    config: `server { listen 80 default_server; server_name first.test; merge_slashes off; location = /a//b { } location / { } }
    server { listen 80; server_name second.test; location = /a/b { } location = /a//b { } location / { } }`,
    paths: ["/a//b", "/a/b"],
    hosts: ["second.test", "first.test"],
  },
  {
    name: "the rewrite module: return, rewrite flags, if, set, break",
    config: `server { listen 80; server_name rw.test;
      rewrite ^/old/(.*)$ /new/$1 last;
      if ($http_x_block) { return 403; }
      location /new/ { }
      location /r/ {
        rewrite ^/r/last/(.*)$ /new/$1 last;
        rewrite ^/r/perm/(.*)$ /new/$1 permanent;
        rewrite ^/r/temp/(.*)$ /new/$1?q=1 redirect;
        rewrite ^/r/abs/ http://elsewhere.test/x;
        rewrite ^/r/chain/(.*)$ /new/chain-$1;
      }
      location /m/ {
        if ($request_method = POST) { return 405; }
        if ($args ~ "(^|&)debug=1") { set $dbg yes; }
        if ($dbg) { }
      }
      location /ret/ {
        return 301 /new/moved$is_args$args;
      }
      location = /close { return 444; }
      location = /text { return 200 "host=$host uri=$uri"; }
      location = /abs { return 302 https://$host$request_uri; }
    }`,
    paths: [
      "/old/x",
      "/r/last/a",
      "/r/perm/a",
      "/r/perm/a?z=9",
      "/r/temp/a?z=9",
      "/r/abs/",
      "/r/chain/a",
      "/m/x?debug=1",
      "/m/x",
      "/ret/?k=v",
      "/ret/",
      "/close",
      "/text",
      "/abs?x=1",
    ],
    methods: ["GET", "POST"],
  },
  {
    name: "internal locations answer 404 from outside; server-level returns run before the location search",
    config: `server { listen 80; server_name i.test;
      location /private/ { internal; }
      location / { }
    }
    server { listen 81; server_name redirect.test; return 301 https://$host$request_uri; location / { } }`,
    paths: ["/private/x", "/private", "/"],
  },
  {
    name: "add_header lists: a location with its own list loses the server's",
    config: `server { listen 80; server_name h.test;
      location /own/ { add_header X-Other 1; }
      location /inherit/ { }
      location /if/ { if ($arg_a) { add_header X-If 1; } }
    }`,
    paths: ["/own/", "/inherit/", "/if/?a=1", "/if/"],
  },
  {
    name: "error_page: to a URI (status kept, or replaced with =code or =), to a named location, to a URL",
    config: `server { listen 80; server_name e.test;
      error_page 404 /errors/404.html;
      error_page 403 = /errors/forbidden;
      error_page 418 =299 @teapot;
      error_page 410 http://gone.test/page;
      error_page 409 =301 http://moved.test/;
      location /errors/ { internal; }
      location @teapot { }
      location = /missing { return 404; }
      location = /forbidden { return 403; }
      location = /tea { return 418; }
      location = /gone { return 410; }
      location = /conflict { return 409; }
      location = /private { internal; }
      location /own/ {
        error_page 404 /errors/own;
        return 404;
      }
      location /twice/ { return 404; }
      location = /errors/404.html { return 404; }
    }`,
    paths: [
      "/missing",
      "/forbidden",
      "/tea",
      "/gone",
      "/conflict",
      "/private",
      "/own/x",
      "/errors/x",
      "/twice/",
    ],
    methods: ["GET", "POST", "HEAD"],
  },
  {
    name: "many regexes at one level: anchored, caseless, unanchored, in the order written",
    config: `server { listen 80; server_name many.test;
      location ~ ^/api/v1/ { }
      location ~* ^/API/ { }
      location ~ ^/api/ { }
      location ~ \\.json$ { }
      location ~ ^/a\\.b/ { }
      location ~ ^/ab?c/ { }
      location ~ "^/x{2}/" { }
      location ~* ^/Static/.+\\.CSS$ { }
      location ~ ^/(one|two)/ { }
      location ~ ^/api/v1/deep { }
      location ~ ^/ac/ { }
      location / { }
    }`,
    paths: [
      "/api/v1/x",
      "/API/v1/x",
      "/Api/x",
      "/api/x.json",
      "/v1/x.json",
      "/a.b/",
      "/aXb/",
      "/ac/",
      "/abc/",
      "/xx/",
      "/x/",
      "/static/a.css",
      "/STATIC/A.CSS",
      "/one/",
      "/two/x.json",
      "/api/v1/deep",
    ],
  },
  {
    name: "UTF-8 in location names and paths: bytes on both sides, caseless regexes on non-ASCII undecidable",
    config: `server { listen 80; server_name utf.test;
      location /café/ { }
      location ~ ^/naïve/ { }
      location ~* ^/ÉTÉ/ { }
      location = /日本 { }
      location / { }
    }`,
    paths: [
      "/caf%C3%A9/x",
      "/café/x",
      "/caf%E9/x",
      "/na%C3%AFve/",
      "/%C3%89T%C3%89/",
      "/%E6%97%A5%E6%9C%AC",
      "/日本",
    ],
  },
];
