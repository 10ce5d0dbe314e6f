// What the websocket-missing warning points at when its evidence is another location: the finding
// carries that location as related information, so the editor links to it.

import assert from "node:assert/strict";
import { it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { LineIndex } from "../../server/src/parser/lines";
import { analyze } from "../../server/src/service";

it("the same upstream and path with WebSocket support elsewhere is named and linked", () => {
  const text = `http {
    server {
        listen 443 ssl;
        ssl_certificate a.pem;
        ssl_certificate_key a.key;
        location / {
            proxy_pass http://app_backend;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }
    }
    server {
        listen 80;
        location / {
            proxy_pass http://app_backend;
        }
    }
}
`;
  const file = "/virtual/sites.conf";
  const analysis = analyze(file, {
    fs: overlayFileSystem(new Map([[file, text]])),
    text,
    prefix: "/virtual",
  });
  const missing = analysis.findings.filter((f) => f.code === "websocket-missing");
  assert.equal(missing.length, 1);
  const [finding] = missing as [(typeof missing)[number]];
  const index = new LineIndex(text);
  assert.equal(index.positionAt(finding.start).line, 14);
  assert.equal(finding.severity, 2);
  assert.match(
    finding.message,
    /the same upstream is proxied at the same path with WebSocket support elsewhere/,
  );
  assert.deepEqual(
    finding.related?.map((r) => [index.positionAt(r.start).line, r.message]),
    [
      [5, "The same upstream and path, with WebSocket support"],
      [15, "Proxied here without the WebSocket headers"],
    ],
  );
});
