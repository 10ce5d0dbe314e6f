// The workspace the feature tests share, in process (test/service/) and over stdio
// (test/lsp/features.test.ts): a main nginx.conf with a map, an upstream, a stream server and
// includes, and the site it includes. A test marks the cursor in a copy of one of them.

import { MARKER } from "./cursor";

export const MAIN = `worker_processes auto;
events {}

# Global settings.
# Every site is included below.
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    upstream chat_backend {
        server 127.0.0.1:3000;
    }
    include conf.d/*.conf;
    include sites-enabled/chat.conf;
}

stream {
    server {
        listen 5000;
        proxy_pass 127.0.0.1:6000;
    }
}
`;

export const SITE = `server {
    listen 80;
    server_name chat.example.com;
    proxy_set_header X-Real-IP $remote_addr;
    set $tenant "main";

    location /ws/ {
        proxy_pass http://chat_backend;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }

    location /api/ {
        proxy_pass http://chat_backend/api/;
        add_header X-Page $arg_page;
        return 200 "\${host} $tenant";
    }
}
`;

/** The workspace's files, the site's text replaced by `site` (where the cursor is marked). */
export function chatWorkspace(site = SITE, main = MAIN): Record<string, string> {
  return {
    "nginx.conf": main,
    "sites-enabled/chat.conf": site,
    "conf.d/gzip.conf": "gzip on;\n",
    "conf.d/log.conf": "access_log off;\n",
  };
}

/** `text` with the cursor marker put before the first `needle` (plus `delta` characters). */
export function mark(text: string, needle: string, delta = 0): string {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the text`);
  return text.slice(0, at + delta) + MARKER + text.slice(at + delta);
}
