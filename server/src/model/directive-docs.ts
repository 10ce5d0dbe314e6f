// Short explanations of nginx directives, shown on hover and in completion details.
// Written for this project in its own words; facts such as defaults and versions follow
// nginx's documentation and change log. Keys are directive names present in
// data/nginx-directives.json. When a name belongs to several modules (http and stream
// `server`, `listen`, `proxy_pass`, ...), the text describes the http meaning first.

/** Directive name → a short markdown explanation. */
export const DIRECTIVE_DOCS: Readonly<Record<string, string>> = {
  // ---------------------------------------------------------------- main / events
  accept_mutex:
    "When on, worker processes take turns accepting new connections instead of all being woken for each one. Off by default since 1.11.3; rarely useful with `EPOLLEXCLUSIVE` or `listen ... reuseport`.",
  accept_mutex_delay:
    "With `accept_mutex` on, the longest time a worker waits before trying again to accept new connections while another worker holds the mutex. Default `500ms`.",
  daemon:
    "Whether nginx detaches and runs in the background (default `on`). `daemon off;` keeps it in the foreground, as container images and process supervisors expect.",
  debug_connection:
    "Turns on debug-level logging only for client connections from the given addresses or networks (`unix:` for UNIX sockets). Goes in the `events` block and needs nginx built with `--with-debug`.",
  debug_points:
    "A debugging aid: on certain internal errors, `stop` makes nginx stop the process and `abort` makes it dump core, so the state can be inspected.",
  env: "Worker processes get a cleaned environment: everything except `TZ` is removed. `env NAME;` keeps an inherited variable and `env NAME=value;` sets one; used by embedded perl and njs code, for example.",
  error_log:
    "Where errors are logged and the lowest severity kept: a file, `stderr`, `syslog:...` or a `memory:` buffer, with levels from `debug` to `emerg` (default `logs/error.log error`). Allowed in main, http, server and location contexts (and in stream and mail); several may be given at one level.",
  events:
    "The block holding connection-processing settings such as `worker_connections`, `use` and `multi_accept`. It must appear exactly once, in the main context.",
  http: "The block that holds the whole HTTP configuration: `server` blocks, `upstream` groups, `map`s and defaults inherited by the levels below.",
  include:
    "Inserts the contents of a file, or of every file matching a mask such as `conf.d/*.conf`, at this point; it works in any context, and the text must be valid there. The included directives behave exactly as if written in place, so a `proxy_set_header` from an included snippet counts as one of the including level (and stops inheritance of the outer ones). The `map $http_upgrade $connection_upgrade` block used for WebSocket is often kept in a file included at http level.",
  load_module:
    "Loads a dynamic module from a shared object file, e.g. `load_module modules/ngx_stream_module.so;`. Belongs in the main context, before any directive of that module is used. Since 1.9.11.",
  lock_file:
    "Prefix of the lock file used by `accept_mutex` and shared memory when atomic operations are unavailable; on most systems it is not used. Default `logs/nginx.lock`.",
  master_process:
    "Whether nginx starts a master process with workers (default `on`). Turning it off is meant for nginx developers, not for production.",
  multi_accept:
    "When on, a worker accepts all pending new connections at once; when off (the default), one at a time per readiness notification.",
  pcre_jit:
    "Enables just-in-time compilation of regular expressions known at configuration time, which speeds up regex matching. Needs PCRE built with JIT support. Since 1.1.12.",
  pid: "File that stores the process ID of the master process (default `logs/nginx.pid`); used by init scripts and `nginx -s` signals.",
  quic_bpf:
    "Routes QUIC packets to the right worker using an eBPF program, so QUIC connections survive client address changes with `reuseport`. Linux only; default `off`.",
  ssl_engine: "Names an OpenSSL hardware engine (crypto accelerator) that nginx should use.",
  ssl_object_cache_inheritable:
    "Whether certificates, keys and CRLs already loaded from files are reused after a configuration reload when the files did not change (default `on`). Since 1.27.4.",
  stream:
    "The block that holds the TCP/UDP proxy configuration (the stream module): its own `server`, `upstream`, `map` and `log_format` directives, separate from `http`.",
  thread_pool:
    "Defines a named pool of threads used to offload blocking file operations (see `aio threads`). The built-in `default` pool has 32 threads and a queue of 65536 tasks. Since 1.7.11.",
  timer_resolution:
    "Lets workers update their cached time only at this interval (e.g. `100ms`) instead of after every event, reducing `gettimeofday()` calls.",
  use: "Forces a connection-processing method: `epoll`, `kqueue`, `eventport`, `/dev/poll`, `poll` or `select`. Normally unnecessary, as nginx picks the most efficient one available.",
  user: "User and group the worker processes run as when the master is started by root (default `nobody nobody`). Without a group, the group named like the user is used.",
  worker_aio_requests:
    "With `aio` and the epoll method on Linux, the maximum number of outstanding asynchronous I/O operations per worker (default 32). Since 1.1.4.",
  worker_connections:
    "Maximum number of simultaneous connections each worker may open (default 512). The count includes backend connections, so every proxied WebSocket uses two. The real limit is also bounded by the open-files limit (`worker_rlimit_nofile`).",
  worker_cpu_affinity:
    "Binds worker processes to sets of CPUs, given as one bitmask per worker, or `auto` to bind them automatically to available CPUs.",
  worker_priority:
    "Scheduling priority (nice value) of the worker processes, from -20 (highest) to 20; default 0.",
  worker_processes:
    "Number of worker processes (default 1). `auto` starts one per available CPU core, which is the usual choice.",
  worker_rlimit_core:
    "Raises the limit on core file size (`RLIMIT_CORE`) for worker processes without restarting the master.",
  worker_rlimit_nofile:
    "Raises the limit on open files (`RLIMIT_NOFILE`) for worker processes. It should comfortably exceed `worker_connections`, since proxying uses two descriptors per client.",
  worker_shutdown_timeout:
    "On graceful shutdown or reload, the time after which a worker closes its remaining connections. Useful with long-lived WebSocket connections, which otherwise keep old workers running indefinitely. Since 1.11.11.",
  working_directory:
    "Current directory of the worker processes, mainly where core dumps are written; the workers need write permission there.",

  // ---------------------------------------------------------------- ngx_http_core_module
  absolute_redirect:
    "When off, redirects generated by nginx itself (such as adding a trailing slash to a directory URI) carry a relative `Location`. When on (the default), the URL is absolute, built with `server_name_in_redirect` and `port_in_redirect`. Since 1.11.8.",
  aio: "Turns on asynchronous file I/O: `on` uses the kernel's AIO (FreeBSD, or Linux together with `directio`), and `threads[=pool]` hands reading and sending of files to a thread pool. Default `off`.",
  aio_write:
    "When `aio` uses threads, also write temporary files (e.g. buffered backend responses) asynchronously. Default `off`; since 1.9.13.",
  alias:
    "Maps a location to a filesystem path that replaces the matched part of the URI: with `location /i/ { alias /data/w3/images/; }`, `/i/top.gif` is served from `/data/w3/images/top.gif`. Unlike `root`, the location part is not appended. In a regex location the path must use the captures.",
  auth_delay:
    "Delays responses with status 401 (failed authentication) by the given time, slowing down password guessing. Default `0s`; since 1.17.10.",
  chunked_transfer_encoding:
    "Allows chunked transfer encoding in HTTP/1.1 responses whose length is unknown in advance (default `on`). Turn it off only for clients that cannot handle it.",
  client_body_buffer_size:
    "Size of the buffer used to read a client request body (default two memory pages, 8k or 16k). Bodies that do not fit are written to a temporary file.",
  client_body_in_file_only:
    "Always writes the client request body to a file: `on` keeps the file afterwards, `clean` removes it. Meant for debugging or for passing `$request_body_file` to a backend.",
  client_body_in_single_buffer:
    "Keeps the whole client request body in a single memory buffer, recommended when the body is used through `$request_body`.",
  client_body_temp_path:
    "Directory for temporary files holding client request bodies, with up to three levels of subdirectories (default `client_body_temp`).",
  client_body_timeout:
    "Timeout between two successive reads of the client request body (default 60s), not for the whole body. When it expires nginx answers 408.",
  client_header_buffer_size:
    "Buffer size for reading the client request header (default 1k). Longer request lines or header fields spill into `large_client_header_buffers`.",
  client_header_timeout:
    "Time allowed for the client to send the whole request header (default 60s); when it expires nginx answers 408.",
  client_max_body_size:
    "Largest request body allowed, checked against `Content-Length` (default `1m`); larger requests get 413. `0` removes the limit.",
  connection_pool_size:
    "Granularity of per-connection memory allocations (default 256 or 512 bytes). Rarely worth changing.",
  default_type:
    "MIME type for responses whose file extension is not mapped by `types` (default `text/plain`; the stock nginx.conf sets `application/octet-stream`).",
  directio:
    "Reads files at least this large with direct I/O (`O_DIRECT` and similar), bypassing the page cache; useful for very large files and needed by Linux AIO. Default `off`.",
  directio_alignment: "Alignment used with `directio` (default 512). XFS on Linux usually needs 4k.",
  disable_symlinks:
    "Controls whether symbolic links are followed when opening files: `off` (the default), `on`, or `if_not_owner`, optionally checking only path components after `from=`. Since 1.1.15.",
  early_hints:
    "Conditions, given as strings that may contain variables (e.g. `$http2$http3`), under which 103 Early Hints responses from proxied or gRPC backends are passed on to the client; they pass when the conditions evaluate to non-empty values other than `0`. Since 1.29.0.",
  error_page:
    "Defines the URI, named location or redirect used for the given status codes, e.g. `error_page 502 503 /50x.html;`. `=code` replaces the response code (`=` alone takes the one from the error page). Inherited from the outer level only if this level defines none.",
  etag: "Whether nginx sends an `ETag` header for static files (default `on`). Since 1.3.3.",
  gzip_disable:
    "Disables gzip for requests whose `User-Agent` matches any of the regular expressions; the special mask `msie6` matches old Internet Explorer quickly.",
  gzip_http_version: "Minimum HTTP version of a request needed for compression (default 1.1).",
  gzip_proxied:
    "Whether responses to requests that came through a proxy (recognised by a `Via` header) are compressed, depending on headers such as `Cache-Control`, `Expires` and `Authorization`. Default `off`; `any` always compresses.",
  gzip_vary:
    "Adds `Vary: Accept-Encoding` to responses when gzip, gzip_static or gunzip are enabled, so caches keep compressed and plain copies apart. Default `off`.",
  if_modified_since:
    "How `If-Modified-Since` is compared with a response's modification time: `off` ignores it, `exact` (the default) needs an exact match, `before` accepts any earlier-or-equal time.",
  ignore_invalid_headers:
    "When on (the default), request header fields with invalid names are dropped. See also `underscores_in_headers`.",
  internal:
    "Makes a location reachable only by internal requests: `error_page`, `index`, `try_files`, `rewrite` redirects, `X-Accel-Redirect`, SSI `include` and other subrequests. Direct requests from clients get 404.",
  keepalive_disable:
    "Disables keep-alive connections for listed misbehaving browsers (default `msie6`); `none` enables them for all.",
  keepalive_min_timeout:
    "A period during which an idle keep-alive client connection is not closed by nginx to reuse connections or during graceful shutdown. Default 0; since 1.27.4.",
  keepalive_requests:
    "Maximum number of requests served over one client keep-alive connection before it is closed (default 1000). Inside an `upstream` block, the same name limits requests per cached backend connection.",
  keepalive_time:
    "Maximum lifetime of a keep-alive connection (default `1h`); once reached, it is closed after the current request. Also available in `upstream` for backend connections. Since 1.19.10.",
  keepalive_timeout:
    "How long an idle client keep-alive connection stays open (default 75s); `0` disables keep-alive. An optional second value sets `Keep-Alive: timeout=` in responses. Inside `upstream`, the same name sets how long idle backend connections are cached (default 60s). Neither applies to upgraded WebSocket connections, which `proxy_read_timeout` governs.",
  large_client_header_buffers:
    "Number and size of larger buffers for long request lines and header fields (default `4 8k`). A request line larger than one buffer gets 414, a header field larger than one buffer gets 400.",
  limit_except:
    "Restricts the HTTP methods allowed inside a location: requests with methods not listed are subject to the access rules in the block (`allow`/`deny`, `auth_basic`, ...). Allowing `GET` also allows `HEAD`.",
  limit_rate:
    "Limits the speed of sending a response to the client, in bytes per second (`0` means no limit). The limit is per request; variables are allowed since 1.17.0, and `$limit_rate` can set it too.",
  limit_rate_after:
    "Amount of the response sent at full speed before `limit_rate` starts to apply (default 0).",
  lingering_close:
    "How client connections are closed: `on` (the default) waits for and discards further client data when more is likely to arrive, `always` waits unconditionally, `off` closes at once.",
  lingering_time:
    "With lingering close, the maximum total time spent reading and discarding extra client data (default 30s).",
  lingering_timeout:
    "With lingering close, the longest wait for more client data before closing (default 5s).",
  listen:
    "Address and port (or `unix:` socket) on which a server accepts requests; default `*:80` (or `*:8000` when nginx is not started as root). Parameters include `default_server`, `ssl`, `quic`, `proxy_protocol`, `reuseport`, `backlog`, `ipv6only` and socket options. The stream and mail modules have their own `listen` with similar parameters.",
  location:
    "Configures how matching request URIs are handled. Forms: prefix (`/path`), exact (`= /path`), prefix that skips regex checks (`^~ /path`), regular expression (`~` case-sensitive, `~*` case-insensitive), and named (`@name`) for internal redirects only. nginx remembers the longest matching prefix, then tries regexes in order and uses the first match, else the remembered prefix.",
  log_not_found: 'Whether "file not found" errors are written to the error log (default `on`).',
  log_subrequest: "Whether subrequests are written to the access log (default `off`).",
  max_headers:
    "Maximum number of header fields accepted in a client request (default 1000); requests with more are rejected. Since 1.29.8.",
  max_ranges:
    "Maximum number of ranges allowed in a byte-range request; requests with more are answered without ranges. `0` disables byte ranges. Since 1.1.2.",
  merge_slashes:
    "Whether runs of slashes in the request URI are merged into one before location matching (default `on`).",
  msie_padding:
    "Pads small error responses for old Internet Explorer so that it shows them instead of its own page (default `on`).",
  msie_refresh:
    "Answers old Internet Explorer with a page containing a refresh instead of a redirect (default `off`).",
  open_file_cache:
    "Caches open file descriptors, file sizes and modification times, directory lookups and, optionally, lookup errors. `max=N` limits the number of entries and `inactive=` drops unused ones. Default `off`.",
  open_file_cache_errors: "Whether file lookup errors are cached by `open_file_cache` too (default `off`).",
  open_file_cache_min_uses:
    "Minimum number of accesses within the `inactive` period for a descriptor to stay open in `open_file_cache` (default 1).",
  open_file_cache_valid: "How often elements of `open_file_cache` are revalidated (default 60s).",
  port_in_redirect: "Whether the port appears in absolute redirects generated by nginx (default `on`).",
  post_action:
    "An undocumented directive that makes a subrequest to the given URI after the main request has finished, e.g. for accounting. It has known pitfalls; `mirror` or logging are usually better choices.",
  postpone_output:
    "Holds back output to the client until at least this many bytes are ready, unless the response is complete (default 1460); `0` disables the delay.",
  read_ahead: "Read-ahead hint for files sent with `sendfile` on Linux and FreeBSD (default 0).",
  recursive_error_pages:
    "Allows the target of an `error_page` to be redirected again by another `error_page` (default `off`).",
  request_pool_size: "Granularity of per-request memory allocations (default 4k). Rarely worth changing.",
  reset_timedout_connection:
    "Closes timed-out client connections with a TCP reset, freeing their memory at once instead of lingering in FIN_WAIT states. Also used for connections closed with `return 444` (since 1.15.2). Default `off`.",
  resolver:
    "DNS servers nginx queries at run time: for `proxy_pass` URLs containing variables, OCSP stapling, and similar. `valid=` overrides the records' TTL, and `ipv4=off`/`ipv6=off` restrict lookups. Inside `upstream` (since 1.27.3) it resolves servers marked `resolve`; the stream and mail modules have the same directive. Use only trusted resolvers.",
  resolver_timeout:
    "Timeout for DNS name resolution (default 30s). Also available inside `upstream` and in the stream and mail modules.",
  root: "Root directory for requests: the full request URI is appended to it, so `root /data;` serves `/i/top.gif` from `/data/i/top.gif`. Default `html` under the nginx prefix. To drop the location part instead, use `alias`.",
  satisfy:
    "With `all` (the default), a request must pass both address-based checks (`allow`/`deny`) and authentication (`auth_basic`, `auth_request`, ...); with `any`, passing one of them is enough.",
  send_lowat:
    "Sets `SO_SNDLOWAT` (or `NOTE_LOWAT` with kqueue) on client connections to reduce the number of send operations. Ignored on Linux, Solaris and Windows.",
  send_timeout:
    "Timeout between two successive writes to the client (default 60s), not for the whole response; if the client accepts nothing in that time, the connection is closed.",
  sendfile:
    "Uses the kernel's `sendfile()` to send files without copying them through user space. Default `off`, though most configurations turn it on.",
  sendfile_max_chunk:
    "Upper limit on the data sent by one `sendfile()` call (default `2m`), so a single fast connection cannot monopolise a worker.",
  server:
    "Defines a virtual server with its `listen` addresses, `server_name`s and locations. nginx picks the server by the listening address first, then by matching the `Host` header against server names. Inside `upstream`, `server` instead names a backend with optional parameters (`weight=`, `max_fails=`, `fail_timeout=`, `backup`, `down`, `max_conns=`, `resolve`); the stream module has its own `server` block for TCP/UDP.",
  server_name:
    "Names of a virtual server: exact names, wildcards (`*.example.org`, `www.example.*`) and regular expressions (`~^...$`). Matching order: exact name, longest leading wildcard, longest trailing wildcard, then regexes in order. The first name is the primary one, shown in `$server_name`.",
  server_name_in_redirect:
    "Whether absolute redirects issued by nginx use the primary `server_name` instead of the `Host` request header (default `off`).",
  server_names_hash_bucket_size:
    "Bucket size of the server-names hash table; its default depends on the CPU cache line (32, 64 or 128). Raise it when nginx asks to because of long names.",
  server_names_hash_max_size: "Maximum size of the server-names hash table (default 512).",
  server_tokens:
    "Whether the nginx version appears on error pages and in the `Server` response header (default `on`); `off` hides the version and `build` adds the build name.",
  subrequest_output_buffer_size:
    "Size of the buffer that holds a subrequest's response body when a module keeps it in memory, such as SSI `include` with `set`. Default one memory page; since 1.13.10.",
  tcp_nodelay:
    "Sets `TCP_NODELAY` so small packets are sent without delay (default `on`). It is applied when a connection goes keep-alive, on SSL connections, for unbuffered proxying and for WebSocket proxying.",
  tcp_nopush:
    "Together with `sendfile`, uses `TCP_NOPUSH`/`TCP_CORK` so the response header and the start of a file go out in full packets (default `off`).",
  types:
    "Maps MIME types to file name extensions, usually filled by `include mime.types;`. Inherited only if this level defines no `types`; an empty `types {}` with `default_type` forces a single type in a location.",
  types_hash_bucket_size: "Bucket size of the MIME types hash table (default 64).",
  types_hash_max_size: "Maximum size of the MIME types hash table (default 1024).",
  underscores_in_headers:
    "Whether underscores are accepted in client request header names (default `off`, so such headers count as invalid and are dropped while `ignore_invalid_headers` is on).",
  variables_hash_bucket_size: "Bucket size of the variables hash table (default 64).",
  variables_hash_max_size: "Maximum size of the variables hash table (default 1024).",
  try_files:
    "Checks the listed files (a trailing `/` checks a directory) in order and serves the first one that exists. If none does, makes an internal redirect to the last parameter, which may be a URI, a named location (`@name`) or `=code` such as `=404`.",
  index:
    "Files to look for, in order, when a request URI ends in `/`, e.g. `index index.html index.php;` (default `index.html`). A found file is served through an internal redirect, so another location may handle it.",

  // ---------------------------------------------------------------- ngx_http_proxy_module
  proxy_bind:
    "Makes connections to the proxied server originate from the given local address (optionally with a port); variables are allowed and `off` cancels an inherited value. With `transparent`, the source may be a non-local address such as the client's, which needs extra privileges and routing.",
  proxy_buffer_size:
    "Size of the buffer for the first part of the backend response, which holds the response header (default one memory page, 4k or 8k); raise it for backends with large headers or cookies. Upgraded (WebSocket) connections also use buffers of this size to relay data. The stream module has a directive of the same name.",
  proxy_buffering:
    "With buffering on (the default), nginx reads the backend response as fast as possible into `proxy_buffers` and, if needed, a temporary file, releasing the backend early. With `off`, data goes to the client as it arrives, which suits Server-Sent Events and other streams. Upgraded WebSocket connections are always relayed unbuffered, so this setting does not affect them. Backends can override it with `X-Accel-Buffering`.",
  proxy_buffers:
    "Number and size of the buffers used to read a backend response on one connection (default `8 4k` or `8 8k`). Used only when `proxy_buffering` is on.",
  proxy_busy_buffers_size:
    "How much of the buffers may be busy sending to the client while the backend response is still being read (default 8k or 16k). The remaining buffers keep reading, spilling to a temporary file when needed.",
  proxy_cache:
    "Names the shared memory zone (defined by `proxy_cache_path`) whose cache this location uses, or `off` to disable caching inherited from an outer level (default `off`). A WebSocket handshake must reach the backend, so in WebSocket locations either set `proxy_cache off;` or exclude upgrade requests with `proxy_cache_bypass $http_upgrade;` and `proxy_no_cache $http_upgrade;`.",
  proxy_cache_background_update:
    "Lets a background subrequest refresh an expired cache item while the stale copy is served to the client; requires `proxy_cache_use_stale updating`. Default `off`; since 1.11.10.",
  proxy_cache_bypass:
    "Conditions under which the response is taken from the backend instead of the cache: when any value is non-empty and not `0`. The response may still be stored unless `proxy_no_cache` matches too. In WebSocket locations that inherit a cache, `proxy_cache_bypass $http_upgrade;` keeps handshake requests away from cached entries.",
  proxy_cache_convert_head:
    "When on (the default), HEAD requests are turned into GET for caching so one cached response serves both. When off, include `$request_method` in `proxy_cache_key`. Since 1.9.7.",
  proxy_cache_key:
    "The string that identifies a cached response (default `$scheme$proxy_host$request_uri`). Add variables such as cookies or headers when responses differ by them.",
  proxy_cache_lock:
    "When on, only one request at a time may fill a new cache element for a key; others wait until it appears in the cache or `proxy_cache_lock_timeout` passes. Protects backends from bursts for the same uncached URL. Default `off`.",
  proxy_cache_lock_age:
    "If the request filling a locked cache element has not finished within this time (default 5s), one more request may be passed to the backend. Since 1.7.8.",
  proxy_cache_lock_timeout:
    "How long a request waits for a locked cache element (default 5s); after that it goes to the backend and its response is not cached.",
  proxy_cache_max_range_offset:
    "A byte-range request starting beyond this offset goes straight to the backend and its response is not cached. Since 1.11.6.",
  proxy_cache_methods:
    "Request methods whose responses may be cached (default `GET HEAD`; GET and HEAD are always included).",
  proxy_cache_min_uses:
    "Number of requests for the same key after which the response gets cached (default 1).",
  proxy_cache_path:
    "Declares a cache: its directory, subdirectory `levels`, and a shared memory zone (`keys_zone=name:size`) for keys and metadata. Further parameters control eviction (`inactive`, `max_size`, `min_free`), the cache manager and loader, and where temporary files go (`use_temp_path`). Only allowed at http level.",
  proxy_cache_revalidate:
    "Revalidates expired cache items with conditional requests (`If-Modified-Since`, `If-None-Match`), so the backend can answer 304 instead of resending the body. Default `off`.",
  proxy_cache_use_stale:
    "Cases in which a stale cached response may be served: backend `error`, `timeout`, `invalid_header`, selected `http_5xx`/`403`/`404`/`429` codes, or `updating` while a fresh copy is being fetched. Default `off`.",
  proxy_cache_valid:
    "Caching time for responses with given codes, e.g. `proxy_cache_valid 200 302 10m;`; `any` covers all codes. Without codes only 200, 301 and 302 are cached. Backend headers such as `X-Accel-Expires`, `Cache-Control` and `Expires` take precedence unless ignored.",
  proxy_connect_timeout:
    "Timeout for establishing a connection with the backend (default 60s); it usually cannot exceed 75 seconds. The stream module has a directive of the same name.",
  proxy_cookie_domain:
    "Rewrites the `domain` attribute of `Set-Cookie` headers in backend responses, e.g. from an internal host name to the public one; regexes and variables are allowed. Since 1.1.15.",
  proxy_cookie_flags:
    "Adds or removes cookie attributes such as `secure`, `httponly` and `samesite=` in `Set-Cookie` headers from the backend, for a named cookie or those matching a regex. Since 1.19.3.",
  proxy_cookie_path:
    "Rewrites the `path` attribute of `Set-Cookie` headers in backend responses; regexes and variables are allowed. Since 1.1.15.",
  proxy_force_ranges:
    "Enables byte-range support for backend responses, cached or not, even when they lack `Accept-Ranges`. Default `off`; since 1.7.7.",
  proxy_headers_hash_bucket_size:
    "Bucket size of the hash tables built for `proxy_hide_header` and `proxy_set_header` (default 64).",
  proxy_headers_hash_max_size:
    "Maximum size of the hash tables built for `proxy_hide_header` and `proxy_set_header` (default 512).",
  proxy_hide_header:
    "Hides one more backend response header from the client. nginx already drops `Date`, `Server`, `X-Pad` and `X-Accel-...` by default; `proxy_pass_header` lets those through.",
  proxy_http_version:
    "HTTP version nginx uses towards the backend. The default was `1.0` before nginx 1.29.7 and is `1.1` since then. WebSocket proxying and backend keep-alive both need `1.1`, so set `proxy_http_version 1.1;` explicitly when the configuration must also run on older nginx. `2` (since 1.29.4) speaks HTTP/2 to the backend, which does not use the HTTP/1.1 Upgrade mechanism WebSocket relies on.",
  proxy_ignore_client_abort:
    "Whether the backend request carries on when the client closes its connection before the response is complete (default `off`: nginx closes the backend connection too).",
  proxy_ignore_headers:
    "Stops nginx from acting on some backend response headers: `X-Accel-Redirect`, `X-Accel-Expires`, `X-Accel-Limit-Rate`, `X-Accel-Buffering`, `X-Accel-Charset`, `Expires`, `Cache-Control`, `Set-Cookie` and `Vary`.",
  proxy_intercept_errors:
    "When on, backend responses with codes 300 and higher can be replaced by nginx's own `error_page` handling instead of being passed through (default `off`).",
  proxy_limit_rate:
    "Limits the speed of reading the response from the backend, in bytes per second per request (`0`, the default, means no limit). Works only with buffering; variables are allowed since 1.27.0. Since 1.7.7.",
  proxy_max_temp_file_size:
    "Largest temporary file used to buffer a backend response that does not fit in memory (default `1024m`); beyond it the rest is passed synchronously. `0` disables temporary files.",
  proxy_method:
    "Overrides the HTTP method of requests sent to the backend, e.g. `proxy_method POST;`. Variables are allowed.",
  proxy_next_upstream:
    "When to retry a request on the next server of an upstream group: `error`, `timeout`, `invalid_header`, selected `http_500`/`502`/`503`/`504`/`403`/`404`/`429` codes, and `non_idempotent` for POST-like requests (default `error timeout`). Retrying is only possible before anything was sent to the client. The stream module has its own `proxy_next_upstream`.",
  proxy_next_upstream_timeout:
    "Limits the total time spent trying further upstream servers; `0` (the default) means no limit. Since 1.7.5.",
  proxy_next_upstream_tries:
    "Limits the number of attempts across upstream servers; `0` (the default) means no limit. Since 1.7.5.",
  proxy_no_cache:
    "Conditions under which a response is not saved to the cache: when any value is non-empty and not `0`. Usually paired with `proxy_cache_bypass`, e.g. `proxy_no_cache $http_upgrade;` for WebSocket handshakes.",
  proxy_pass:
    "Sends requests of this location to a proxied server: an `http://` or `https://` URL with a host, address, `unix:` socket or `upstream` group name. If the URL includes a URI part (even just `/`), it replaces the matched location prefix; otherwise the request URI is passed unchanged. WebSocket works through `proxy_pass` only when HTTP/1.1 is used and the `Upgrade` and `Connection` headers are set with `proxy_set_header`. In the stream module, `proxy_pass` takes a plain address or group in a `server` block.",
  proxy_pass_header:
    "Lets a backend response header that nginx hides by default (such as `Server` or `X-Accel-...`) through to the client.",
  proxy_pass_request_body: "Whether the client request body is sent to the backend (default `on`).",
  proxy_pass_request_headers:
    "Whether the client request header fields are sent to the backend (default `on`).",
  proxy_pass_trailers:
    "Passes trailer fields of the backend response on to the client (default `off`). Since 1.27.2.",
  proxy_read_timeout:
    "Timeout between two successive reads from the backend (default 60s), not for the whole response. For WebSocket and other upgraded connections it acts as the idle timeout: the tunnel is closed when the backend sends nothing for that long, so raise it for long-lived sockets or have the backend send ping frames.",
  proxy_redirect:
    "Rewrites `Location` and `Refresh` headers of backend responses. `default` maps the `proxy_pass` URL back to the location prefix, `off` disables rewriting, and explicit pairs (with regexes and variables) may be listed.",
  proxy_request_buffering:
    "When on (the default), the whole client request body is read before it is sent to the backend. When off, the body is forwarded as it arrives, and the request can no longer be retried on another server once sending has begun. Since 1.7.11.",
  proxy_send_lowat:
    "Sets `SO_SNDLOWAT` (or `NOTE_LOWAT` with kqueue) on backend connections to reduce send operations. Ignored on Linux, Solaris and Windows.",
  proxy_send_timeout:
    "Timeout between two successive writes to the backend (default 60s), not for the whole request. On an upgraded WebSocket connection it fires only when writing to the backend stalls; idle tunnels are governed by `proxy_read_timeout`.",
  proxy_set_body:
    "Replaces the request body sent to the backend with the given value, which may contain text and variables.",
  proxy_set_header:
    'Adds or redefines a header sent to the backend; an empty value removes it. These directives are inherited from the outer level only if this level defines none, so a single `proxy_set_header` in a location drops all outer ones. `Upgrade` and `Connection` are hop-by-hop and never forwarded by themselves, so WebSocket needs `proxy_set_header Upgrade $http_upgrade;` and a `Connection` of `upgrade`: either `proxy_set_header Connection "upgrade";` (what the quick fix adds), or `proxy_set_header Connection $connection_upgrade;` with the `map` that sends `close` for plain requests instead. By default `Host` is `$proxy_host` (and before 1.29.7 `Connection: close` was sent).',
  proxy_socket_keepalive:
    "Turns on TCP keepalive probes (`SO_KEEPALIVE`) for backend connections; by default the operating system's settings apply. Since 1.15.6.",
  proxy_socket_rcvbuf:
    "Sets the receive buffer size (`SO_RCVBUF`) of sockets connected to the backend. Since 1.31.3.",
  proxy_socket_sndbuf:
    "Sets the send buffer size (`SO_SNDBUF`) of sockets connected to the backend. Since 1.31.3.",
  proxy_ssl_certificate:
    "Client certificate (PEM) presented when connecting to an HTTPS backend that requires one; variables are allowed since 1.21.0. Since 1.7.8.",
  proxy_ssl_certificate_cache:
    "Caches certificates and keys that `proxy_ssl_certificate` and `proxy_ssl_certificate_key` load through variables: `max=` entries, `inactive=` and `valid=` times. Since 1.27.4.",
  proxy_ssl_certificate_key:
    "Secret key (PEM) for `proxy_ssl_certificate`; variables are allowed since 1.21.0. Since 1.7.8.",
  proxy_ssl_ciphers:
    "Ciphers allowed for HTTPS connections to the backend, in OpenSSL syntax (default `DEFAULT`). Since 1.5.6.",
  proxy_ssl_conf_command:
    "Passes arbitrary OpenSSL configuration commands for TLS connections to the backend. Since 1.19.4.",
  proxy_ssl_crl:
    "File of revoked certificates (PEM) checked when verifying the backend certificate. Since 1.7.0.",
  proxy_ssl_name:
    "Host name used to verify the backend certificate and, with `proxy_ssl_server_name on`, sent as SNI (default `$proxy_host`). Since 1.7.0.",
  proxy_ssl_password_file:
    "File with passphrases for encrypted `proxy_ssl_certificate_key` files, one per line, tried in turn. Since 1.7.8.",
  proxy_ssl_protocols:
    "TLS protocol versions allowed towards the backend (default `TLSv1.2 TLSv1.3`). Since 1.5.6.",
  proxy_ssl_server_name:
    "Sends the backend host name (`proxy_ssl_name`) via SNI when connecting over TLS. Default `off`, which breaks many virtual-hosted HTTPS backends. Since 1.7.0.",
  proxy_ssl_session_reuse:
    "Whether TLS sessions to the backend are reused (default `on`); turn it off if the backend logs session errors.",
  proxy_ssl_trusted_certificate:
    "CA certificates (PEM) used to verify the backend certificate when `proxy_ssl_verify` is on. Since 1.7.0.",
  proxy_ssl_verify:
    "Verifies the HTTPS backend's certificate against `proxy_ssl_trusted_certificate` and `proxy_ssl_name`. Default `off`: nginx does not check backend certificates unless told to. Since 1.7.0.",
  proxy_ssl_verify_depth:
    "Maximum depth of the backend certificate chain accepted during verification (default 1). Since 1.7.0.",
  proxy_store:
    "Saves backend responses to disk as files: `on` stores them under the path given by `root`/`alias`, or a string with variables names the file. A simple mirroring mechanism, not a cache (default `off`).",
  proxy_store_access: "Permissions of files and directories created by `proxy_store` (default `user:rw`).",
  proxy_temp_file_write_size:
    "Limits how much is written to a temporary file at once when a backend response is buffered to disk (default 8k or 16k).",
  proxy_temp_path:
    "Directory for temporary files with buffered backend responses, with up to three subdirectory levels (default `proxy_temp`).",

  // ---------------------------------------------------------------- stream proxy (names without an http meaning)
  proxy_timeout:
    "Stream module: timeout between two successive reads or writes on the client or proxied connection (default 10m); a TCP/UDP session idle for longer is closed.",

  // ---------------------------------------------------------------- ngx_http_ssl_module
  ssl: "Obsolete switch that enabled TLS for every listening socket of a server. Deprecated in 1.15.0 and removed in 1.25.1; use the `ssl` parameter of `listen` instead.",
  ssl_buffer_size:
    "Size of the buffer used to send TLS data (default 16k). Smaller values such as 4k lower the time to first byte. Since 1.5.9.",
  ssl_certificate:
    "Certificate file (PEM, server certificate first, then intermediates) for the server. It may be given several times for different key types, e.g. RSA and ECDSA. Variables are allowed (since 1.15.9), as is `data:` for in-memory values.",
  ssl_certificate_cache:
    "Caches certificates and keys that `ssl_certificate` and `ssl_certificate_key` load through variables: `max=` entries, `inactive=` and `valid=` times. Since 1.27.4.",
  ssl_certificate_compression: "Enables TLS 1.3 certificate compression (default `off`). Since 1.29.1.",
  ssl_certificate_key:
    "Secret key (PEM) matching `ssl_certificate`. It may also be `engine:name:id`, a `data:` value or contain variables.",
  ssl_ciphers:
    "Ciphers enabled for TLS 1.2 and earlier, in OpenSSL syntax (default `HIGH:!aNULL:!MD5`). TLS 1.3 cipher suites are set with `ssl_conf_command Ciphersuites`.",
  ssl_client_certificate:
    "CA certificates (PEM) used to verify client certificates; their names are also sent to clients as acceptable issuers. Since 1.27.2 it is optional when `ssl_trusted_certificate` is set.",
  ssl_conf_command:
    "Passes arbitrary OpenSSL configuration commands, e.g. `ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;`. Since 1.19.4.",
  ssl_crl: "File of revoked certificates (PEM) used when verifying client certificates. Since 0.8.7.",
  ssl_dhparam:
    "File with Diffie-Hellman parameters for DHE ciphers; without it, DHE ciphers are not used (since 1.11.0).",
  ssl_early_data:
    "Enables TLS 1.3 early data (0-RTT). Such requests can be replayed by an attacker, so pass `Early-Data: $ssl_early_data` to the backend to let it reject unsafe ones. Default `off`; since 1.15.3.",
  ssl_ecdh_curve:
    "Curves (key-exchange groups) for ECDHE, separated by colons, e.g. `X25519:prime256v1` (default `auto`).",
  ssl_ech_file:
    "File with Encrypted ClientHello (ECH) keys, letting clients hide the requested server name; needs an OpenSSL with ECH support. Since 1.29.4.",
  ssl_ocsp:
    "Validates client certificates with OCSP: `on` checks the whole chain, `leaf` only the client certificate (default `off`). Since 1.19.0.",
  ssl_ocsp_cache:
    "Shared cache for OCSP responses used by `ssl_ocsp`, e.g. `shared:ocsp:10m` (default `off`). Since 1.19.0.",
  ssl_ocsp_responder:
    "Overrides the OCSP responder URL from the client certificate's Authority Information Access extension. Since 1.19.0.",
  ssl_password_file:
    "File with passphrases for encrypted secret keys, one per line, tried in turn. Since 1.7.3.",
  ssl_prefer_server_ciphers:
    "Makes the server's cipher order win over the client's for TLS 1.2 and earlier (default `off`).",
  ssl_protocols:
    "TLS protocol versions enabled (default `TLSv1.2 TLSv1.3`; TLSv1 and TLSv1.1 are off by default since 1.27.3).",
  ssl_reject_handshake:
    "Rejects TLS handshakes in this server, e.g. in a default server so unknown names get no certificate. Default `off`; since 1.19.4.",
  ssl_session_cache:
    "TLS session cache: `off` forbids reuse, `none` (the default) allows clients to try but stores nothing, `builtin` is per worker, and `shared:name:size` is shared by all workers (1 MB holds about 4000 sessions).",
  ssl_session_ticket_key:
    "File with the secret key used to encrypt TLS session tickets; several may be given for rotation, and they must match across servers sharing sessions. Since 1.5.7.",
  ssl_session_tickets:
    "Whether sessions are resumed through TLS session tickets (default `on`). Since 1.5.9.",
  ssl_session_timeout: "How long clients may reuse session parameters (default `5m`).",
  ssl_stapling:
    "Enables OCSP stapling: nginx fetches and attaches the certificate's revocation status to handshakes. Needs a `resolver` to reach the responder. Default `off`; since 1.3.7.",
  ssl_stapling_file:
    "Serves a stapled OCSP response from a file (DER) instead of querying the responder. Since 1.3.7.",
  ssl_stapling_responder:
    "Overrides the OCSP responder URL from the certificate's Authority Information Access extension. Since 1.3.7.",
  ssl_stapling_verify:
    "Verifies OCSP responses before stapling them; the issuer certificate must be known, e.g. via `ssl_trusted_certificate`. Since 1.3.7.",
  ssl_trusted_certificate:
    "CA certificates (PEM) used to verify client certificates and OCSP responses, without sending their names to clients. Since 1.3.7.",
  ssl_verify_client:
    "Client certificate verification: `on` requires a valid one, `optional` asks for one, `optional_no_ca` asks without verifying it against a CA (default `off`). The result is in `$ssl_client_verify`.",
  ssl_verify_depth: "Maximum depth of the client certificate chain accepted (default 1).",

  // ---------------------------------------------------------------- logging
  access_log:
    "Where and in which `log_format` requests are logged (default `logs/access.log combined`); `off` disables logging at this level. Options: `buffer=`, `gzip`, `flush=` and an `if=` condition. An entry is written when the request ends, so a WebSocket connection is logged (with status 101) only when it closes. The stream module has its own `access_log`.",
  log_format:
    "Defines a named access log format from text and variables; `combined` is predefined. `escape=` selects `default`, `json` or `none` escaping of variable values. Only allowed at http level (and in stream).",
  open_log_file_cache:
    "Caches descriptors of log files whose paths contain variables: `max=` entries, `inactive=`, `min_uses=` and `valid=` (default `off`).",

  // ---------------------------------------------------------------- gzip
  gzip: "Enables on-the-fly gzip compression of responses (default `off`). What gets compressed is narrowed by `gzip_types`, `gzip_min_length`, `gzip_proxied` and `gzip_disable`.",
  gzip_buffers: "Number and size of the buffers used to compress a response (default `32 4k` or `16 8k`).",
  gzip_comp_level: "Compression level from 1 (fastest, the default) to 9 (smallest output).",
  gzip_hash:
    "Undocumented tuning of zlib's internal hash memory (`memLevel`) for gzip compression; the default is fine in practice.",
  gzip_min_length:
    "Minimum response length, taken from `Content-Length`, for compression to happen (default 20 bytes).",
  gzip_types:
    "MIME types to compress besides `text/html`, which is always compressed (default `text/html`); `*` matches any type.",
  gzip_window:
    "Undocumented tuning of zlib's window size (`windowBits`) for gzip compression; the default is fine in practice.",
  gzip_static:
    "Serves a precompressed `file.gz` next to the requested file when the client accepts gzip (`on`), or always (`always`, usually combined with `gunzip`). Default `off`.",
  gunzip:
    "Decompresses gzipped responses (e.g. from `gzip_static always` or a backend) for clients that do not support gzip. Default `off`.",
  gunzip_buffers:
    "Number and size of the buffers used to decompress a response (default `32 4k` or `16 8k`).",

  // ---------------------------------------------------------------- ngx_http_rewrite_module
  break:
    "Stops processing the current set of rewrite-module directives (`set`, `rewrite`, `if`, `return`) in this context; request processing continues in the same location.",
  if: "Runs the enclosed directives when a condition holds: a variable that is neither empty nor `0`, a comparison (`=`, `!=`), a regex match (`~`, `~*`, `!~`, `!~*`), or a file test (`-f`, `-d`, `-e`, `-x`). Only rewrite-module directives are reliably safe inside `if` in a location; other directives can behave surprisingly.",
  return:
    "Stops processing and sends a response: a status code with optional text, or a redirect URL (with 301, 302, 303, 307, 308). The non-standard code 444 closes the connection without a response.",
  rewrite:
    "Changes the request URI when it matches a regular expression. Flags: `last` (search locations again), `break` (stay in this location), `redirect` (302) and `permanent` (301); a replacement starting with `http://`, `https://` or `$scheme` also redirects. Arguments are appended unless the replacement ends with `?`.",
  rewrite_log:
    "Logs the processing of rewrite-module directives at the `notice` level in the error log (default `off`).",
  set: "Assigns a value, which may combine text and variables, to a variable, creating it if needed. It runs during the rewrite phase of each request; the stream module has its own `set`.",
  uninitialized_variable_warn:
    "Whether using a variable that was never assigned is logged as a warning (default `on`).",

  // ---------------------------------------------------------------- upstream
  upstream:
    "Defines a named group of backend servers for `proxy_pass`, `fastcgi_pass`, `grpc_pass` and the like. Requests are spread by weighted round-robin unless a method such as `least_conn`, `hash`, `ip_hash` or `random` is set. WebSocket connections are long-lived, so `least_conn` often balances them better, and stateful applications may need affinity (`ip_hash`, `hash` or `sticky`).",
  keepalive:
    "Keeps idle connections to the group's servers open for reuse, up to the given number per worker. Enabled by default since 1.29.7 (`keepalive 32 local`). It needs HTTP/1.1 towards the backend; connections upgraded to WebSocket are never returned to the cache.",
  least_conn:
    "Load-balancing method that sends each request to the server with the fewest active connections, taking weights into account. Well suited to long-lived WebSocket connections. Since 1.3.1.",
  least_time:
    "Load-balancing method that prefers the server with the lowest average response time (`header` or `last_byte`) and fewest active connections; `inflight` also counts incomplete requests. Part of open-source nginx since 1.31.0.",
  ip_hash:
    "Load-balancing method that picks the server from the client's IPv4 network (first three octets) or whole IPv6 address, so a client keeps reaching the same server.",
  hash: "Load-balancing method that picks the server from a hashed key with text and variables, e.g. `hash $request_uri consistent;`; `consistent` uses ketama hashing so few keys move when servers change. Since 1.7.2; the stream module has the same directive.",
  random:
    "Load-balancing method that picks a random server, taking weights into account; with `two`, it picks two and uses `least_conn` (or another given method) between them. Since 1.15.1.",
  zone: "Shares the group's configuration and run-time state (failures, connection counts) among workers in a shared memory zone of the given size. Since 1.9.0.",
  sticky:
    "Session affinity for an upstream group: `cookie` lets nginx set a cookie naming the chosen server, `route` picks the server from variables, and `learn` remembers sessions the backend creates. Part of open-source nginx since 1.29.6.",

  // ---------------------------------------------------------------- map, geo, split_clients
  map: "Creates a variable whose value depends on a source string (usually a variable): exact values, hostname masks or regexes map to results, with a `default`. Values are computed lazily, only when the variable is used. Allowed only at http level (and in stream). `$connection_upgrade` is not built in; the WebSocket idiom is `map $http_upgrade $connection_upgrade { default upgrade; '' close; }`.",
  map_hash_bucket_size:
    "Bucket size of the hash tables built for `map` variables (default 32, 64 or 128, depending on the CPU cache line).",
  map_hash_max_size: "Maximum size of the hash tables built for `map` variables (default 2048).",
  geo: "Creates a variable whose value depends on the client address (or another address variable) matched against CIDR networks or, with `ranges`, address ranges. Supports `default`, `include`, `delete` and `proxy` (to use `X-Forwarded-For` from trusted proxies).",
  split_clients:
    "Creates a variable for A/B testing: a string (e.g. `${remote_addr}AAA`) is hashed and the result assigned a value by percentage ranges.",

  // ---------------------------------------------------------------- headers, access, auth
  add_header:
    "Adds a header to responses with codes 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308, or to all responses with `always`. Like `proxy_set_header`, it is inherited from the outer level only if this level has no `add_header` (see `add_header_inherit`).",
  add_header_inherit:
    "Controls how `add_header` directives are inherited from outer levels: `on` keeps the classic rule, `off` stops inheritance, `merge` combines outer and local headers. Since 1.29.3.",
  add_trailer:
    "Adds a trailer field at the end of responses with codes 200, 201, 206, 301, 302, 303, 307 and 308, or of all responses with `always`. Since 1.13.2.",
  add_trailer_inherit:
    "Controls how `add_trailer` directives are inherited from outer levels: `on` keeps the classic rule, `off` stops inheritance, `merge` combines outer and local trailers. Since 1.29.3.",
  expires:
    "Sets `Expires` and `Cache-Control: max-age` on successful responses: a time, `modified` (relative to the file's modification time), `epoch`, `max`, or `off` (the default).",
  allow:
    "Allows access for an address, CIDR network, `unix:` or `all`. `allow` and `deny` rules are checked in order and the first match decides.",
  deny: "Denies access for an address, CIDR network, `unix:` or `all`. `allow` and `deny` rules are checked in order and the first match decides.",
  auth_basic:
    "Enables HTTP Basic authentication with the given realm text; `off` cancels an inherited setting. Passwords come from `auth_basic_user_file`.",
  auth_basic_user_file:
    "File of `name:password-hash` lines (as written by `htpasswd`) used by `auth_basic`; the path may contain variables.",
  auth_request:
    "Authorizes each request with a subrequest to the given URI: a 2xx answer allows it, 401 or 403 denies it with that code, other codes are errors. Default `off`.",
  auth_request_set:
    "After the `auth_request` subrequest, sets a variable from a value that may use the subrequest's response, e.g. `$upstream_http_x_user`.",

  // ---------------------------------------------------------------- limits
  limit_req_zone:
    "Defines a shared memory zone for request-rate limiting: the key (often `$binary_remote_addr`), zone size and rate in requests per second or minute (`rate=10r/s`). Empty keys are not limited.",
  limit_req:
    "Applies a `limit_req_zone`: requests above the rate are delayed, queued up to `burst=`; `nodelay` serves the burst at once and `delay=` delays only part of it. Rejected requests get `limit_req_status` (503 by default).",
  limit_req_dry_run:
    "Counts rate-limit excesses without actually delaying or rejecting requests (default `off`). Since 1.17.1.",
  limit_req_log_level:
    "Log level for rejected requests (default `error`); delays are logged one level lower. Since 0.8.18.",
  limit_req_status: "Status code returned to requests rejected by `limit_req` (default 503). Since 1.3.15.",
  limit_conn_zone:
    "Defines a shared memory zone keyed by a value (often `$binary_remote_addr` or `$server_name`) used to count concurrent connections. Empty keys are not counted.",
  limit_conn:
    "Limits concurrent connections per key of a `limit_conn_zone`. With HTTP/2 and HTTP/3 each concurrent request counts; a proxied WebSocket counts for as long as it stays open. The stream module has the same directive.",
  limit_conn_dry_run:
    "Counts connection-limit excesses without rejecting anything (default `off`). Since 1.17.6.",
  limit_conn_log_level: "Log level for connections rejected by `limit_conn` (default `error`). Since 0.8.18.",
  limit_conn_status: "Status code returned when `limit_conn` rejects a request (default 503). Since 1.3.15.",

  // ---------------------------------------------------------------- realip
  set_real_ip_from:
    "Trusted addresses (or networks, `unix:`, host names) from which `real_ip_header` is accepted to replace the client address.",
  real_ip_header:
    "Request header whose value replaces the client address for requests from trusted proxies: `X-Real-IP` (default), `X-Forwarded-For`, `proxy_protocol` or any other header.",
  real_ip_recursive:
    "When on, the client address is the last address in `X-Forwarded-For` that is not a trusted proxy, instead of simply the last one (default `off`). Since 1.3.0.",

  // ---------------------------------------------------------------- other backends
  fastcgi_pass:
    "Sends requests of this location to a FastCGI server, given as `host:port`, `unix:/path` or an `upstream` group; parameters come from `fastcgi_param`.",
  fastcgi_param:
    "Sets a parameter passed to the FastCGI server, e.g. `SCRIPT_FILENAME $document_root$fastcgi_script_name`; `if_not_empty` skips empty values. Inherited only if this level defines none.",
  fastcgi_index: "File name appended to URIs ending in `/` to form `$fastcgi_script_name`, e.g. `index.php`.",
  fastcgi_split_path_info:
    "Regular expression with two captures that splits the URI into `$fastcgi_script_name` and `$fastcgi_path_info`, e.g. `^(.+\\.php)(/.+)$`.",
  fastcgi_read_timeout: "Timeout between two successive reads from the FastCGI server (default 60s).",
  fastcgi_buffering:
    "Whether FastCGI responses are buffered (default `on`); `off` passes them to the client as they arrive. Since 1.5.6.",
  uwsgi_pass:
    "Sends requests of this location to a uwsgi server (`host:port`, `unix:` socket or `upstream` group); `suwsgi://` uses TLS.",
  uwsgi_param:
    "Sets a parameter passed to the uwsgi server; `if_not_empty` skips empty values. Inherited only if this level defines none.",
  scgi_pass:
    "Sends requests of this location to an SCGI server (`host:port`, `unix:` socket or `upstream` group).",
  scgi_param:
    "Sets a parameter passed to the SCGI server; `if_not_empty` skips empty values. Inherited only if this level defines none.",
  grpc_pass:
    "Sends requests of this location to a gRPC server: `grpc://` or `grpcs://` with an address or `upstream` group. Clients must reach nginx over HTTP/2 (`http2 on;`), since gRPC runs on HTTP/2. Since 1.13.10.",
  grpc_set_header:
    "Adds or redefines a header sent to the gRPC server; an empty value removes it. Inherited only if this level defines none.",
  grpc_read_timeout:
    "Timeout between two successive reads from the gRPC server (default 60s); long-lived streams need a larger value.",
  grpc_send_timeout: "Timeout between two successive writes to the gRPC server (default 60s).",
  mirror:
    "Sends a copy of each request to the given URI as a background subrequest whose response is ignored, e.g. for testing a new backend. Several may be set; `off` cancels inherited ones.",
  mirror_request_body:
    "Whether the client request body is mirrored too (default `on`); if on, the body is read before the main request proceeds.",

  // ---------------------------------------------------------------- HTTP/2 and HTTP/3
  http2:
    "Enables HTTP/2 for the server (default `off`). Since 1.25.1; it replaces the deprecated `http2` parameter of `listen`. WebSocket proxying relies on the HTTP/1.1 Upgrade mechanism, so WebSocket clients use HTTP/1.1 connections.",
  http2_body_preread_size:
    "Per-request buffer for the client body received before nginx starts reading it (default 64k). Since 1.11.0.",
  http2_chunk_size: "Maximum size of the chunks into which the response body is split (default 8k).",
  http2_max_concurrent_streams: "Maximum number of concurrent HTTP/2 streams per connection (default 128).",
  http2_recv_buffer_size: "Size of the per-worker input buffer for HTTP/2 (default 256k).",
  http2_idle_timeout: "Obsolete since 1.19.7: nginx warns and uses `keepalive_timeout` instead.",
  http2_max_field_size: "Obsolete since 1.19.7: nginx warns and uses `large_client_header_buffers` instead.",
  http2_max_header_size: "Obsolete since 1.19.7: nginx warns and uses `large_client_header_buffers` instead.",
  http2_max_requests: "Obsolete since 1.19.7: nginx warns and uses `keepalive_requests` instead.",
  http2_recv_timeout: "Obsolete since 1.19.7: nginx warns and uses `client_header_timeout` instead.",
  http2_push:
    "Obsolete: HTTP/2 server push was removed in 1.25.1, and this directive no longer does anything.",
  http2_push_preload:
    "Obsolete: HTTP/2 server push was removed in 1.25.1, and this directive no longer does anything.",
  http2_max_concurrent_pushes:
    "Obsolete: HTTP/2 server push was removed in 1.25.1, and this directive no longer does anything.",
  http3: "Enables HTTP/3 negotiation for QUIC listeners (`listen ... quic`) of the server (default `on`).",
  http3_hq:
    "Enables the hq-interop protocol (HTTP/0.9 over QUIC), used for QUIC interoperability testing (default `off`).",
  http3_max_concurrent_streams:
    "Maximum number of concurrent HTTP/3 request streams per connection (default 128).",
  http3_stream_buffer_size: "Size of the buffer used to read and write QUIC streams (default 64k).",
  quic_active_connection_id_limit:
    "Value of the QUIC `active_connection_id_limit` transport parameter: how many client connection IDs nginx keeps (default 2).",
  quic_gso:
    "Sends QUIC packets in batches with UDP segmentation offload, where the kernel supports it (default `off`).",
  quic_host_key:
    "File with a secret key used to encrypt stateless reset and address validation tokens; set it so tokens survive restarts. Without it, a random key is generated.",
  quic_retry: "Enables QUIC address validation: new clients must first echo a Retry token (default `off`).",

  // ---------------------------------------------------------------- misc http modules
  stub_status:
    "Makes the location return basic status counters: active connections, accepted and handled connections, requests, and connections reading, writing and waiting.",
  sub_filter:
    "Replaces one string with another in the response body, e.g. to rewrite links; both may contain variables, and matching ignores case. Several pairs may be given.",
  sub_filter_last_modified:
    "Keeps the original `Last-Modified` header on responses modified by `sub_filter` (default `off`). Since 1.5.1.",
  sub_filter_once:
    "Whether each string is replaced only at its first occurrence (default `on`) or everywhere (`off`).",
  sub_filter_types:
    "MIME types processed by `sub_filter` besides `text/html` (default `text/html`); `*` matches any type.",
  autoindex:
    "Generates a directory listing for URIs ending in `/` when no index file exists (default `off`).",
  autoindex_exact_size:
    "In HTML listings, shows exact file sizes (`on`, the default) or rounded ones with K, M and G units.",
  autoindex_format:
    "Format of the directory listing: `html` (default), `xml`, `json` or `jsonp`. Since 1.7.9.",
  autoindex_localtime: "In HTML listings, shows file times in local time instead of UTC (default `off`).",
  slice:
    "Splits a request into subrequests for byte ranges of the given size, so large responses can be cached piece by piece (use `$slice_range` in the cache key and `Range` header). `0` disables slicing.",
};
