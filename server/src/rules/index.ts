// Every check. The order is the order they run in; findings are sorted by file and position
// afterwards. Adding a check: add its file here.

import { blockMismatch } from "./block-mismatch";
import { directiveNotAllowed } from "./directive-not-allowed";
import { duplicateDirective } from "./duplicate-directive";
import { invalidArgumentCount } from "./invalid-argument-count";
import { invalidParameter } from "./invalid-parameter";
import { invalidTableEntry } from "./invalid-table-entry";
import { invalidValue } from "./invalid-value";
import { locationNesting } from "./location-nesting";
import type { Rule } from "./rule";
import { sslCertificateKeyMissing } from "./ssl-certificate-key-missing";
import { sslCertificateMissing } from "./ssl-certificate-missing";
import { sslClientCertificateMissing } from "./ssl-client-certificate-missing";
import { undefinedVariable } from "./undefined-variable";
import { unknownDirective } from "./unknown-directive";
import { unsupportedInVersion } from "./unsupported-in-version";
import { websocketHeadersShadowed } from "./websocket-headers-shadowed";
import { websocketEndpointUnreachable } from "./websocket-endpoint-unreachable";
import { websocketIncomplete } from "./websocket-incomplete";
import { websocketMissing } from "./websocket-missing";

export const RULES: readonly Rule[] = [
  unknownDirective,
  unsupportedInVersion,
  directiveNotAllowed,
  blockMismatch,
  invalidArgumentCount,
  invalidValue,
  invalidParameter,
  duplicateDirective,
  undefinedVariable,
  sslCertificateMissing,
  sslCertificateKeyMissing,
  sslClientCertificateMissing,
  locationNesting,
  invalidTableEntry,
  websocketHeadersShadowed,
  websocketIncomplete,
  websocketMissing,
  websocketEndpointUnreachable,
];
