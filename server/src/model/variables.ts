// The variables that open-source nginx defines by itself, in the http and stream subsystems.
// Facts (names, modules, versions) follow nginx's documentation and change log; the summaries
// are this project's own wording. Regex captures ($1..$9) and variables that configurations
// define themselves (set, map, geo, split_clients, ...) are not listed here.

/** A variable nginx itself defines (by a module), or a family of them sharing a prefix. */
export interface VariableFact {
  /** The name without `$`; for a prefix family (e.g. `http_`), the prefix. */
  readonly name: string;
  /** True when `name` is a prefix: every `$name...` is defined (e.g. `$http_upgrade`). */
  readonly prefix: boolean;
  /** The module that defines it, e.g. `ngx_http_core_module`. */
  readonly module: string;
  /** Which configuration it belongs to. */
  readonly subsystem: "http" | "stream";
  /** A one- or two-sentence explanation, written by this project. */
  readonly summary: string;
  /** The nginx version that introduced it, when known. */
  readonly since?: string;
}

/** One row of a module's table: name, summary and, when known, the version that introduced it. */
type Row = readonly [name: string, summary: string, since?: string];

/** Families are the names ending in `_` (e.g. `http_`, `arg_`); every other name is a single variable. */
function facts(module: string, subsystem: "http" | "stream", rows: readonly Row[]): VariableFact[] {
  return rows.map(([name, summary, since]) => ({
    name,
    prefix: name.endsWith("_"),
    module,
    subsystem,
    summary,
    ...(since === undefined ? {} : { since }),
  }));
}

/** The GeoIP (legacy MaxMind database) variables, identical in the http and stream modules. */
const GEOIP_ROWS: readonly Row[] = [
  [
    "geoip_country_code",
    "Two-letter country code of the client address (e.g. `RU`, `US`), looked up in the `geoip_country` database.",
  ],
  [
    "geoip_country_code3",
    "Three-letter country code of the client address (e.g. `RUS`, `USA`), from the `geoip_country` database.",
  ],
  [
    "geoip_country_name",
    "Country name of the client address (e.g. `Russian Federation`), from the `geoip_country` database.",
  ],
  [
    "geoip_area_code",
    "Telephone area code of the client address (US only), from the `geoip_city` database; considered obsolete.",
  ],
  [
    "geoip_city_continent_code",
    "Two-letter continent code of the client address (e.g. `EU`), from the `geoip_city` database.",
  ],
  [
    "geoip_city_country_code",
    "Two-letter country code of the client address, from the `geoip_city` database.",
  ],
  [
    "geoip_city_country_code3",
    "Three-letter country code of the client address, from the `geoip_city` database.",
  ],
  ["geoip_city_country_name", "Country name of the client address, from the `geoip_city` database."],
  ["geoip_dma_code", "US DMA (metro) code of the client address, from the `geoip_city` database."],
  ["geoip_latitude", "Approximate latitude of the client address, from the `geoip_city` database."],
  ["geoip_longitude", "Approximate longitude of the client address, from the `geoip_city` database."],
  [
    "geoip_region",
    "Region code of the client address (e.g. a two-letter US state code), from the `geoip_city` database.",
  ],
  [
    "geoip_region_name",
    "Region name of the client address (e.g. `Moscow City`), from the `geoip_city` database.",
  ],
  ["geoip_city", "City name of the client address, from the `geoip_city` database."],
  ["geoip_postal_code", "Postal code of the client address, from the `geoip_city` database."],
  ["geoip_org", "Organization (e.g. ISP) owning the client address, from the `geoip_org` database.", "1.0.3"],
];

const HTTP_CORE: readonly Row[] = [
  [
    "arg_",
    "One argument of the request's query string, e.g. `$arg_page` for `?page=2`; empty when the argument is absent.",
  ],
  [
    "args",
    "The query string of the request line, without the leading `?`; empty when there is none. It may be changed with `set`.",
  ],
  [
    "binary_remote_addr",
    "The client address in binary form: 4 bytes for IPv4, 16 bytes for IPv6. Being compact, it is the usual key for `limit_req_zone` and `limit_conn_zone`.",
  ],
  ["body_bytes_sent", "Number of response body bytes sent to the client, not counting the response header."],
  ["bytes_sent", "Total number of bytes sent to the client, response header included.", "1.3.8"],
  ["connection", "Serial number of the client connection.", "1.3.8"],
  ["connection_requests", "Number of requests made so far over the current client connection.", "1.3.8"],
  [
    "connection_time",
    "How long the client connection has been open, in seconds with millisecond resolution.",
    "1.19.10",
  ],
  ["content_length", "The `Content-Length` request header; empty when the request has none."],
  ["content_type", "The `Content-Type` request header; empty when the request has none."],
  [
    "cookie_",
    "One cookie from the `Cookie` request header, e.g. `$cookie_session`; empty when the client did not send it.",
  ],
  ["document_root", "The `root` or `alias` path in effect for the current request."],
  ["document_uri", "Same as `$uri`."],
  [
    "host",
    "The requested host name, lowercased and without a port: from the request line, else from the `Host` header, else the name of the matching server.",
  ],
  ["hostname", "Host name of the machine nginx runs on."],
  [
    "http_",
    "Any request header, named by lowercasing it and turning dashes into underscores, e.g. `$http_user_agent`; empty when the header is absent.",
  ],
  [
    "http_upgrade",
    "The client's `Upgrade` request header, e.g. `websocket` on a WebSocket handshake; empty for plain requests. Forward it with `proxy_set_header Upgrade $http_upgrade;`.",
  ],
  ["https", "`on` when the connection uses SSL/TLS, otherwise empty."],
  ["is_args", "`?` when the request line has arguments, otherwise empty; handy in `$uri$is_args$args`."],
  [
    "is_request_port",
    "`:` when the request named a port (in the request line or `Host` header), otherwise empty; pairs with `$request_port`.",
    "1.29.3",
  ],
  [
    "limit_rate",
    "The response rate limit of the request in bytes per second; assigning it (e.g. with `set`) limits the rate like the `limit_rate` directive.",
  ],
  ["msec", "Current time in seconds since the Epoch, with millisecond resolution.", "1.3.9"],
  ["nginx_version", "Version of the running nginx, e.g. `1.29.7`."],
  ["pid", "Process ID of the worker process handling the request."],
  ["pipe", "`p` when the request was pipelined, `.` otherwise.", "1.3.12"],
  [
    "proxy_protocol_addr",
    "Client address taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.5.12",
  ],
  [
    "proxy_protocol_port",
    "Client port taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.11.0",
  ],
  [
    "proxy_protocol_server_addr",
    "Server address taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.17.6",
  ],
  [
    "proxy_protocol_server_port",
    "Server port taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.17.6",
  ],
  [
    "proxy_protocol_tlv_",
    "One TLV of a PROXY protocol v2 header, named by type (e.g. `$proxy_protocol_tlv_alpn`) or hex code (e.g. `$proxy_protocol_tlv_0x01`).",
    "1.23.2",
  ],
  ["query_string", "Same as `$args`."],
  [
    "realpath_root",
    "Absolute path of the `root` or `alias` in effect for the request, with all symbolic links resolved.",
  ],
  ["remote_addr", "The client's IP address (or the one set by the realip module)."],
  ["remote_port", "The client's port."],
  [
    "remote_user",
    "User name sent with HTTP Basic authentication (see `auth_basic`); empty when the request carries none.",
  ],
  ["request", "The full original request line, e.g. `GET /chat?room=1 HTTP/1.1`."],
  [
    "request_body",
    "The request body, available in locations handled by `proxy_pass`, `fastcgi_pass`, `uwsgi_pass` or `scgi_pass` when the body was read into a memory buffer; empty otherwise.",
  ],
  [
    "request_body_file",
    "Name of the temporary file holding the request body, when the body was written to disk.",
  ],
  ["request_completion", "`OK` when the request has completed, otherwise empty."],
  ["request_filename", "File path for the request, built from `root` or `alias` and the URI."],
  [
    "request_id",
    "A unique identifier of the request, 32 hexadecimal characters; handy for correlating access logs with backend logs.",
    "1.11.0",
  ],
  ["request_length", "Length of the request in bytes: request line, header and body.", "1.3.12"],
  ["request_method", "The request method, such as `GET` or `POST`."],
  [
    "request_port",
    "The port given in the request line or `Host` header; empty when the request named none.",
    "1.29.3",
  ],
  [
    "request_time",
    "Time spent on the request so far, in seconds with millisecond resolution, counted from the first byte read from the client.",
    "1.3.9",
  ],
  [
    "request_uri",
    "The original request URI with its arguments, as the client sent it; unlike `$uri` it does not change on rewrites or internal redirects.",
  ],
  ["scheme", "The request scheme, `http` or `https`."],
  [
    "sent_http_",
    "A response header sent to the client, named like `$http_` variables, e.g. `$sent_http_content_type`; empty when not set.",
  ],
  [
    "sent_trailer_",
    "A trailer field sent at the end of the response (e.g. one added with `add_trailer`), named like `$http_` variables.",
    "1.13.2",
  ],
  [
    "server_addr",
    "Address of the server that accepted the request; computing it may cost a system call unless `listen` names an address and uses `bind`.",
  ],
  ["server_name", "Name of the server that accepted the request (the first name of its `server_name`)."],
  ["server_port", "Port of the server that accepted the request."],
  ["server_protocol", "Protocol of the request, e.g. `HTTP/1.0`, `HTTP/1.1`, `HTTP/2.0` or `HTTP/3.0`."],
  ["status", "Status code of the response.", "1.3.2"],
  [
    "tcpinfo_rtt",
    "Round-trip time of the client TCP connection, from the kernel's `TCP_INFO` (only on systems that support it).",
  ],
  [
    "tcpinfo_rttvar",
    "Round-trip time variance of the client TCP connection, from the kernel's `TCP_INFO` (only on systems that support it).",
  ],
  [
    "tcpinfo_snd_cwnd",
    "Send congestion window of the client TCP connection, from the kernel's `TCP_INFO` (only on systems that support it).",
  ],
  [
    "tcpinfo_rcv_space",
    "Receive space of the client TCP connection, from the kernel's `TCP_INFO` (only on systems that support it).",
  ],
  ["time_iso8601", "Local time in ISO 8601 format, e.g. `2026-03-24T10:15:30+00:00`.", "1.3.12"],
  ["time_local", "Local time in the Common Log Format, e.g. `24/Mar/2026:10:15:30 +0000`.", "1.3.12"],
  [
    "uri",
    "The current URI of the request, normalized and without arguments; it changes during processing, e.g. after `rewrite`, internal redirects or index files.",
  ],
];

const HTTP_UPSTREAM: readonly Row[] = [
  [
    "upstream_addr",
    "Address and port (or UNIX socket path) of the upstream server(s) contacted; several attempts are comma-separated, and groups reached after an internal redirect are separated by colons.",
  ],
  [
    "upstream_bytes_received",
    "Bytes received from the upstream server(s); several values are separated like `$upstream_addr`.",
    "1.11.4",
  ],
  [
    "upstream_bytes_sent",
    "Bytes sent to the upstream server(s); several values are separated like `$upstream_addr`.",
    "1.15.8",
  ],
  [
    "upstream_cache_status",
    "Outcome of the response-cache lookup: `MISS`, `BYPASS`, `EXPIRED`, `STALE`, `UPDATING`, `REVALIDATED` or `HIT`; empty when no cache was used.",
    "0.8.3",
  ],
  [
    "upstream_connect_time",
    "Time spent connecting to the upstream server(s), TLS handshake included, in seconds with millisecond resolution.",
    "1.9.1",
  ],
  [
    "upstream_cookie_",
    "A cookie the upstream server set in its `Set-Cookie` response header, e.g. `$upstream_cookie_sessionid`; only the last server's response is kept.",
    "1.7.1",
  ],
  [
    "upstream_header_time",
    "Time until the response header was received from the upstream server(s), in seconds with millisecond resolution.",
    "1.7.10",
  ],
  [
    "upstream_http_",
    "A response header of the upstream server, named like `$http_` variables, e.g. `$upstream_http_server`; only the last server's response is kept.",
  ],
  [
    "upstream_queue_time",
    "Time the request spent waiting in the upstream queue, in seconds with millisecond resolution.",
    "1.13.9",
  ],
  [
    "upstream_response_length",
    "Length in bytes of the response(s) obtained from the upstream server(s).",
    "0.7.27",
  ],
  [
    "upstream_response_time",
    "Time spent receiving the response(s) from the upstream server(s), in seconds with millisecond resolution.",
  ],
  [
    "upstream_status",
    "Status code(s) of the upstream response(s), separated like `$upstream_addr`; `502` is recorded when no server could be selected.",
  ],
  [
    "upstream_trailer_",
    "A trailer field at the end of the upstream server's response, named like `$http_` variables.",
    "1.13.10",
  ],
];

const HTTP_SSL: readonly Row[] = [
  [
    "ssl_alpn_protocol",
    "Protocol chosen by ALPN during the TLS handshake (e.g. `h2` or `http/1.1`); empty otherwise.",
    "1.21.4",
  ],
  ["ssl_cipher", "Name of the cipher used by the TLS connection."],
  ["ssl_ciphers", "Ciphers the client supports; unknown ones are shown in hexadecimal.", "1.11.7"],
  [
    "ssl_client_cert",
    "The client certificate in PEM format with every line but the first prefixed by a tab; empty when none was presented.",
  ],
  [
    "ssl_client_escaped_cert",
    "The client certificate in PEM format, URL-encoded so it can be passed in a header.",
    "1.13.5",
  ],
  ["ssl_client_fingerprint", "SHA1 fingerprint of the client certificate.", "1.7.1"],
  ["ssl_client_i_dn", "Issuer DN of the client certificate, in RFC 2253 format."],
  [
    "ssl_client_i_dn_legacy",
    "Issuer DN of the client certificate in the format used before nginx 1.11.6.",
    "1.11.6",
  ],
  ["ssl_client_raw_cert", "The client certificate in PEM format."],
  ["ssl_client_s_dn", "Subject DN of the client certificate, in RFC 2253 format."],
  [
    "ssl_client_s_dn_legacy",
    "Subject DN of the client certificate in the format used before nginx 1.11.6.",
    "1.11.6",
  ],
  ["ssl_client_serial", "Serial number of the client certificate."],
  [
    "ssl_client_sigalg",
    "Signature algorithm the client used to authenticate in the TLS handshake; empty without a client certificate.",
    "1.29.3",
  ],
  ["ssl_client_v_end", "End date of the client certificate's validity.", "1.11.7"],
  ["ssl_client_v_remain", "Number of days until the client certificate expires.", "1.11.7"],
  ["ssl_client_v_start", "Start date of the client certificate's validity.", "1.11.7"],
  [
    "ssl_client_verify",
    "Result of client certificate verification: `SUCCESS`, `FAILED:reason`, or `NONE` when no certificate was presented.",
  ],
  ["ssl_curve", "Curve (key-exchange group) negotiated for the TLS handshake.", "1.21.5"],
  ["ssl_curves", "Curves the client supports.", "1.11.7"],
  [
    "ssl_early_data",
    "`1` while TLS 1.3 early data (0-RTT) is in use and the handshake is not complete, otherwise empty.",
    "1.15.3",
  ],
  ["ssl_protocol", "Protocol of the TLS connection, e.g. `TLSv1.3`."],
  ["ssl_server_name", "Server name the client requested through SNI; empty when it sent none.", "1.7.0"],
  ["ssl_session_id", "Session identifier of the TLS connection."],
  ["ssl_session_reused", "`r` when the TLS session was reused, `.` otherwise.", "1.5.11"],
  ["ssl_sigalg", "Signature algorithm nginx used to sign the TLS handshake with its certificate.", "1.29.3"],
  ["ssl_sigalgs", "Signature algorithms the client offered in the TLS handshake.", "1.31.2"],
];

const HTTP_OTHER: readonly VariableFact[] = [
  ...facts("ngx_http_proxy_module", "http", [
    [
      "proxy_host",
      "Name and port of the proxied server as written in `proxy_pass`; the default value of the `Host` header sent to it.",
    ],
    [
      "proxy_port",
      "Port of the proxied server as written in `proxy_pass`, or the default port of its scheme.",
    ],
    [
      "proxy_add_x_forwarded_for",
      "The client's `X-Forwarded-For` header with `$remote_addr` appended after a comma, or just `$remote_addr` when the header is absent.",
    ],
  ]),
  ...facts("ngx_http_upstream_module", "http", HTTP_UPSTREAM),
  ...facts("ngx_http_ssl_module", "http", HTTP_SSL),
  ...facts("ngx_http_v2_module", "http", [
    ["http2", "`h2` for HTTP/2 over TLS, `h2c` for cleartext HTTP/2, otherwise empty.", "1.9.5"],
  ]),
  ...facts("ngx_http_v3_module", "http", [
    [
      "http3",
      "`h3` for an HTTP/3 connection, `hq` for an hq (HTTP/0.9 over QUIC) connection, otherwise empty.",
      "1.25.0",
    ],
  ]),
  ...facts("ngx_http_realip_module", "http", [
    [
      "realip_remote_addr",
      "The original client address, before the realip module replaced `$remote_addr`.",
      "1.9.7",
    ],
    [
      "realip_remote_port",
      "The original client port, before the realip module replaced `$remote_port`.",
      "1.11.0",
    ],
  ]),
  ...facts("ngx_http_fastcgi_module", "http", [
    [
      "fastcgi_script_name",
      "The request URI, with the `fastcgi_index` name appended when it ends in a slash; with `fastcgi_split_path_info`, the first capture.",
    ],
    [
      "fastcgi_path_info",
      "The second capture of `fastcgi_split_path_info`, typically passed as `PATH_INFO`; empty without that directive.",
    ],
  ]),
  ...facts("ngx_http_memcached_module", "http", [
    [
      "memcached_key",
      "The key used to look up the response on the memcached server; assign it with `set` before `memcached_pass`.",
    ],
  ]),
  ...facts("ngx_http_gzip_filter_module", "http", [
    ["gzip_ratio", "Achieved compression ratio: original response size divided by compressed size."],
  ]),
  ...facts("ngx_http_ssi_filter_module", "http", [
    ["date_local", "Current time in the local time zone, formatted by the SSI `config timefmt` command."],
    ["date_gmt", "Current time in GMT, formatted by the SSI `config timefmt` command."],
  ]),
  ...facts("ngx_http_referer_module", "http", [
    ["invalid_referer", "Empty when the `Referer` header is accepted by `valid_referers`, `1` otherwise."],
  ]),
  ...facts("ngx_http_secure_link_module", "http", [
    [
      "secure_link",
      "Outcome of the link check: empty when it failed, `0` when the link is valid but expired, `1` when valid (with `secure_link_secret`, the protected part of the link).",
    ],
    [
      "secure_link_expires",
      "Expiry time of the link as passed in the request; meant for use inside `secure_link_md5`.",
    ],
  ]),
  ...facts("ngx_http_userid_filter_module", "http", [
    [
      "uid_got",
      "Cookie name and client identifier received from the client in the `userid` cookie; empty when none.",
    ],
    [
      "uid_set",
      "Cookie name and client identifier sent to the client in a new `userid` cookie; empty when none is set.",
    ],
    [
      "uid_reset",
      "When set to a non-empty value other than `0`, the client identifier is reset; `log` additionally logs the new one.",
    ],
  ]),
  ...facts("ngx_http_limit_req_module", "http", [
    [
      "limit_req_status",
      "Outcome of request-rate limiting: `PASSED`, `DELAYED`, `REJECTED`, `DELAYED_DRY_RUN` or `REJECTED_DRY_RUN`.",
      "1.17.6",
    ],
  ]),
  ...facts("ngx_http_limit_conn_module", "http", [
    [
      "limit_conn_status",
      "Outcome of connection limiting: `PASSED`, `REJECTED` or `REJECTED_DRY_RUN`.",
      "1.17.6",
    ],
  ]),
  ...facts("ngx_http_browser_module", "http", [
    [
      "ancient_browser",
      "Set to `ancient_browser_value` when the `User-Agent` matches an `ancient_browser` entry.",
    ],
    [
      "modern_browser",
      "Set to `modern_browser_value` when the `User-Agent` is recognised as a modern browser.",
    ],
    ["msie", "`1` when the `User-Agent` identifies any version of MSIE, otherwise empty."],
  ]),
  ...facts("ngx_http_slice_filter_module", "http", [
    [
      "slice_range",
      "Range of the current slice in HTTP byte-range form, e.g. `bytes=0-1048575`; used in the cache key and `Range` header.",
      "1.9.8",
    ],
  ]),
  ...facts("ngx_http_stub_status_module", "http", [
    ["connections_active", "Current number of active client connections, waiting ones included.", "1.3.14"],
    [
      "connections_reading",
      "Current number of connections where nginx is reading the request header.",
      "1.3.14",
    ],
    [
      "connections_writing",
      "Current number of connections where nginx is writing the response back to the client.",
      "1.3.14",
    ],
    ["connections_waiting", "Current number of idle client connections waiting for a request.", "1.3.14"],
  ]),
  ...facts("ngx_http_geoip_module", "http", GEOIP_ROWS),
];

const STREAM_CORE: readonly Row[] = [
  ["binary_remote_addr", "The client address in binary form: 4 bytes for IPv4, 16 bytes for IPv6."],
  ["bytes_received", "Number of bytes received from the client.", "1.11.4"],
  ["bytes_sent", "Number of bytes sent to the client."],
  ["connection", "Serial number of the connection."],
  ["hostname", "Host name of the machine nginx runs on."],
  ["msec", "Current time in seconds since the Epoch, with millisecond resolution."],
  ["nginx_version", "Version of the running nginx."],
  ["pid", "Process ID of the worker process."],
  ["protocol", "Protocol of the session with the client, `TCP` or `UDP`.", "1.11.4"],
  [
    "proxy_protocol_addr",
    "Client address taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.11.4",
  ],
  [
    "proxy_protocol_port",
    "Client port taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.11.4",
  ],
  [
    "proxy_protocol_server_addr",
    "Server address taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.17.6",
  ],
  [
    "proxy_protocol_server_port",
    "Server port taken from the PROXY protocol header; empty unless `listen` has the `proxy_protocol` parameter.",
    "1.17.6",
  ],
  [
    "proxy_protocol_tlv_",
    "One TLV of a PROXY protocol v2 header, named by type (e.g. `$proxy_protocol_tlv_alpn`) or hex code.",
    "1.23.2",
  ],
  ["remote_addr", "The client's address (or the one set by the realip module)."],
  ["remote_port", "The client's port."],
  [
    "server_addr",
    "Address of the server that accepted the connection; computing it may cost a system call unless `listen` names an address and uses `bind`.",
  ],
  ["server_port", "Port of the server that accepted the connection."],
  ["session_time", "Duration of the session, in seconds with millisecond resolution.", "1.11.4"],
  [
    "status",
    "Status of the session: `200` on success, `400` when client data could not be parsed, `403` when access was denied, `500` on internal errors, `502` on upstream failure, `503` when the service is unavailable (e.g. a connection limit was reached).",
    "1.11.4",
  ],
  ["time_iso8601", "Local time in ISO 8601 format."],
  ["time_local", "Local time in the Common Log Format."],
];

const STREAM_SSL: readonly Row[] = [
  ["ssl_alpn_protocol", "Protocol chosen by ALPN during the TLS handshake; empty otherwise.", "1.21.4"],
  ["ssl_cipher", "Name of the cipher used by the TLS connection."],
  ["ssl_ciphers", "Ciphers the client supports; unknown ones are shown in hexadecimal."],
  [
    "ssl_client_cert",
    "The client certificate in PEM format with every line but the first prefixed by a tab; empty when none was presented.",
  ],
  ["ssl_client_escaped_cert", "The client certificate in PEM format, URL-encoded."],
  ["ssl_client_fingerprint", "SHA1 fingerprint of the client certificate."],
  ["ssl_client_i_dn", "Issuer DN of the client certificate, in RFC 2253 format."],
  ["ssl_client_raw_cert", "The client certificate in PEM format."],
  ["ssl_client_s_dn", "Subject DN of the client certificate, in RFC 2253 format."],
  ["ssl_client_serial", "Serial number of the client certificate."],
  [
    "ssl_client_sigalg",
    "Signature algorithm the client used to authenticate in the TLS handshake; empty without a client certificate.",
    "1.29.3",
  ],
  ["ssl_client_v_end", "End date of the client certificate's validity."],
  ["ssl_client_v_remain", "Number of days until the client certificate expires."],
  ["ssl_client_v_start", "Start date of the client certificate's validity."],
  [
    "ssl_client_verify",
    "Result of client certificate verification: `SUCCESS`, `FAILED:reason`, or `NONE` when no certificate was presented.",
  ],
  ["ssl_curve", "Curve (key-exchange group) negotiated for the TLS handshake.", "1.21.5"],
  ["ssl_curves", "Curves the client supports."],
  ["ssl_protocol", "Protocol of the TLS connection, e.g. `TLSv1.3`."],
  ["ssl_server_name", "Server name the client requested through SNI; empty when it sent none."],
  ["ssl_session_id", "Session identifier of the TLS connection."],
  ["ssl_session_reused", "`r` when the TLS session was reused, `.` otherwise."],
  ["ssl_sigalg", "Signature algorithm nginx used to sign the TLS handshake with its certificate.", "1.29.3"],
  ["ssl_sigalgs", "Signature algorithms the client offered in the TLS handshake.", "1.31.2"],
];

const STREAM_OTHER: readonly VariableFact[] = [
  ...facts("ngx_stream_upstream_module", "stream", [
    [
      "upstream_addr",
      "Address and port (or UNIX socket path) of the upstream server(s); several attempts are comma-separated.",
      "1.11.4",
    ],
    ["upstream_bytes_received", "Bytes received from the upstream server(s).", "1.11.4"],
    ["upstream_bytes_sent", "Bytes sent to the upstream server(s).", "1.11.4"],
    [
      "upstream_connect_time",
      "Time spent connecting to the upstream server(s), in seconds with millisecond resolution.",
      "1.11.4",
    ],
    [
      "upstream_first_byte_time",
      "Time until the first byte of data was received from the upstream server(s), in seconds with millisecond resolution.",
      "1.11.4",
    ],
    [
      "upstream_session_time",
      "Duration of the session with the upstream server(s), in seconds with millisecond resolution.",
      "1.11.4",
    ],
  ]),
  ...facts("ngx_stream_ssl_module", "stream", STREAM_SSL),
  ...facts("ngx_stream_ssl_preread_module", "stream", [
    [
      "ssl_preread_protocol",
      "Highest TLS/SSL protocol version the client supports, read from its ClientHello without terminating TLS.",
      "1.15.2",
    ],
    [
      "ssl_preread_server_name",
      "Server name the client requested through SNI, read from its ClientHello without terminating TLS.",
    ],
    [
      "ssl_preread_alpn_protocols",
      "Comma-separated ALPN protocols the client advertised, read from its ClientHello without terminating TLS.",
      "1.13.10",
    ],
  ]),
  ...facts("ngx_stream_realip_module", "stream", [
    [
      "realip_remote_addr",
      "The original client address, before the PROXY protocol address replaced `$remote_addr`.",
      "1.11.4",
    ],
    [
      "realip_remote_port",
      "The original client port, before the PROXY protocol port replaced `$remote_port`.",
      "1.11.4",
    ],
  ]),
  ...facts("ngx_stream_limit_conn_module", "stream", [
    [
      "limit_conn_status",
      "Outcome of connection limiting: `PASSED`, `REJECTED` or `REJECTED_DRY_RUN`.",
      "1.17.6",
    ],
  ]),
  ...facts("ngx_stream_geoip_module", "stream", GEOIP_ROWS),
];

/** Every built-in variable of open-source nginx; a name defined in both subsystems has two records. */
export const BUILTIN_VARIABLES: readonly VariableFact[] = [
  ...facts("ngx_http_core_module", "http", HTTP_CORE),
  ...HTTP_OTHER,
  ...facts("ngx_stream_core_module", "stream", STREAM_CORE),
  ...STREAM_OTHER,
];

/**
 * Variables listed above that open-source nginx does not define itself: `$memcached_key` is read by
 * the memcached module but must be assigned with `set` (nginx refuses it unassigned), and
 * `$upstream_queue_time` exists only in the commercial NGINX Plus. Both are checked against nginx -t
 * 1.22.1 by test/e2e/variables.test.ts.
 */
export const NOT_DEFINED_BY_NGINX: ReadonlyMap<string, string> = new Map([
  ["memcached_key", "the memcached module reads it, but the configuration must assign it with set"],
  ["upstream_queue_time", "it exists only in the commercial NGINX Plus"],
]);
