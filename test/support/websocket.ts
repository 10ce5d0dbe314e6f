// A minimal RFC 6455 WebSocket echo server and client on node:http, so end-to-end tests can prove that a
// request really went through an nginx `location` as a WebSocket (handshake + data both ways) without any
// npm dependency. Only what the tests need: text/binary echo, fragmentation, ping/pong and close.
import * as crypto from "node:crypto";
import * as http from "node:http";
import type { Duplex } from "node:stream";

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OPCODE_CONTINUATION = 0x0;
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
// Far above anything a test sends; a bigger length means the byte stream is not WebSocket frames.
const MAX_PAYLOAD = 16 * 1024 * 1024;

/** The `Sec-WebSocket-Accept` value for a `Sec-WebSocket-Key` (RFC 6455 section 4.2.2). */
export function acceptKey(key: string): string {
  return crypto
    .createHash("sha1")
    .update(key + WEBSOCKET_GUID)
    .digest("base64");
}

/** One decoded WebSocket frame. */
export interface Frame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Encodes one frame; clients must mask (`mask: true`), servers must not. */
export function encodeFrame(opcode: number, payload: Buffer, mask: boolean, fin = true): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
  header.writeUInt8((fin ? 0x80 : 0) | opcode, 0);
  const maskBit = mask ? 0x80 : 0;
  if (lengthBytes === 0) header.writeUInt8(maskBit | length, 1);
  else if (lengthBytes === 2) {
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = crypto.randomBytes(4);
  key.copy(header, 2 + lengthBytes);
  return Buffer.concat([header, applyMask(payload, key)]);
}

function applyMask(payload: Buffer, key: Buffer): Buffer {
  const out = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) out.writeUInt8(payload.readUInt8(i) ^ key.readUInt8(i % 4), i);
  return out;
}

/** Incremental frame decoder: feed it socket chunks, get back every frame completed so far. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Appends `chunk` and returns the complete frames; throws on a length no test would send. */
  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) break;
      const first = b.readUInt8(0);
      const second = b.readUInt8(1);
      const masked = (second & 0x80) !== 0;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) break;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) break;
        const big = b.readBigUInt64BE(2);
        if (big > BigInt(MAX_PAYLOAD)) throw new Error(`WebSocket frame too large: ${big} bytes`);
        length = Number(big);
        offset = 10;
      }
      const keyLength = masked ? 4 : 0;
      const end = offset + keyLength + length;
      if (b.length < end) break;
      const body = b.subarray(offset + keyLength, end);
      const payload = masked ? applyMask(body, b.subarray(offset, offset + 4)) : Buffer.from(body);
      frames.push({ fin: (first & 0x80) !== 0, opcode: first & 0x0f, masked, payload });
      this.buffer = b.subarray(end);
    }
    return frames;
  }
}

/** Joins fragmented data frames into messages; returns the message a FIN frame completes. */
class MessageAssembler {
  private opcode = 0;
  private parts: Buffer[] = [];

  add(frame: Frame): { opcode: number; data: Buffer } | undefined {
    if (frame.opcode !== OPCODE_CONTINUATION) {
      this.opcode = frame.opcode;
      this.parts = [];
    }
    this.parts.push(frame.payload);
    if (!frame.fin) return undefined;
    const message = { opcode: this.opcode, data: Buffer.concat(this.parts) };
    this.parts = [];
    return message;
  }
}

function headerTokens(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== "");
}

/** True when the request asks for a WebSocket upgrade the way RFC 6455 requires. */
export function isWebSocketHandshake(headers: http.IncomingHttpHeaders): boolean {
  const key = headers["sec-websocket-key"];
  return (
    headerTokens(headers.upgrade).includes("websocket") &&
    headerTokens(headers.connection).includes("upgrade") &&
    typeof key === "string" &&
    Buffer.from(key, "base64").length === 16 &&
    headers["sec-websocket-version"] === "13"
  );
}

export interface EchoBackend {
  port: number;
  /** Completed WebSocket handshakes so far. */
  readonly upgrades: number;
  /** Plain (non-upgraded) HTTP requests so far: what the backend sees when a proxy drops the upgrade. */
  readonly plainRequests: number;
  close(): Promise<void>;
}

/** Starts a WebSocket echo server on 127.0.0.1 (random port); plain HTTP requests get 200 "plain". */
export function startEchoBackend(): Promise<EchoBackend> {
  let upgrades = 0;
  let plainRequests = 0;
  const sockets = new Set<Duplex>();
  const server = http.createServer((_request, response) => {
    // Node routes a request here unless it has both `Connection: upgrade` and an `Upgrade` header, so
    // whatever a proxy sent, it did not ask for an upgrade.
    plainRequests++;
    response.writeHead(200, { "Content-Type": "text/plain" });
    response.end("plain");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    if (!isWebSocketHandshake(request.headers)) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    upgrades++;
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${acceptKey(String(request.headers["sec-websocket-key"]))}\r\n\r\n`,
    );
    serveEcho(socket, head);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        get upgrades() {
          return upgrades;
        },
        get plainRequests() {
          return plainRequests;
        },
        close: () =>
          new Promise<void>((done) => {
            // Upgraded sockets are no longer HTTP connections, so server.close() alone would wait on them.
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function serveEcho(socket: Duplex, head: Buffer): void {
  const reader = new FrameReader();
  const assembler = new MessageAssembler();
  const onData = (chunk: Buffer): void => {
    let frames: Frame[];
    try {
      frames = reader.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (!frame.masked) {
        // RFC 6455 5.1: a server must close the connection on an unmasked client frame (1002 protocol error).
        socket.end(encodeFrame(OPCODE_CLOSE, closePayload(1002), false));
        return;
      }
      if (frame.opcode === OPCODE_CLOSE) {
        socket.end(encodeFrame(OPCODE_CLOSE, frame.payload.subarray(0, 2), false));
        return;
      }
      if (frame.opcode === OPCODE_PING) socket.write(encodeFrame(OPCODE_PONG, frame.payload, false));
      if (frame.opcode === OPCODE_PONG || frame.opcode >= OPCODE_CLOSE) continue;
      const message = assembler.add(frame);
      if (message) socket.write(encodeFrame(message.opcode, message.data, false));
    }
  };
  socket.on("data", onData);
  // The HTTP server allows half-open sockets; without this a client that just leaves keeps ours open.
  socket.on("end", () => socket.destroy());
  if (head.length > 0) onData(head);
}

function closePayload(code: number): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code, 0);
  return payload;
}

/** Outcome of a handshake + one echoed message; `error` says why it did not fully succeed. */
export interface RoundTripResult {
  /** HTTP status of the handshake response; 0 when none arrived (connection error or timeout). */
  status: number;
  echoed?: string;
  error?: string;
}

/**
 * Opens a WebSocket to `url` (http:// or ws://), sends `message` as one masked text frame and waits for the
 * echo. Always resolves, within `timeoutMs`, and never leaves a socket open.
 */
export function websocketRoundTrip(url: string, message: string, timeoutMs = 5000): Promise<RoundTripResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    if (target.protocol === "ws:") target.protocol = "http:";
    const key = crypto.randomBytes(16).toString("base64");
    let status = 0;
    let upgradedSocket: Duplex | undefined;
    let settled = false;

    const settle = (result: RoundTripResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      if (upgradedSocket) {
        const socket = upgradedSocket;
        // A polite close frame, then drop the socket whether or not the peer answers it.
        if (result.echoed !== undefined && socket.writable) {
          socket.write(encodeFrame(OPCODE_CLOSE, closePayload(1000), true), () => socket.destroy());
          setTimeout(() => socket.destroy(), 200).unref();
        } else socket.destroy();
      }
      resolve(result);
    };
    const timer = setTimeout(() => {
      const phase = upgradedSocket ? "waiting for the echo" : "waiting for the handshake response";
      settle({ status, error: `timed out after ${timeoutMs} ms ${phase}` });
    }, timeoutMs);

    const request = http.request(target, {
      method: "GET",
      agent: false,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
      },
    });
    request.on("error", (error) => settle({ status, error: `request failed: ${error.message}` }));
    request.on("response", (response) => {
      // The server answered with a normal HTTP response: the upgrade was refused or never requested upstream.
      status = response.statusCode ?? 0;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < 1024) body += chunk;
      });
      const fail = (): void =>
        settle({ status, error: `no upgrade: HTTP ${status} ${JSON.stringify(body.trim().slice(0, 200))}` });
      response.on("end", fail);
      response.on("error", fail);
    });
    request.on("upgrade", (response: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      status = response.statusCode ?? 0;
      upgradedSocket = socket;
      socket.on("error", (error) => settle({ status, error: `socket error: ${error.message}` }));
      socket.on("close", () => settle({ status, error: "connection closed before the echo arrived" }));
      const accept = response.headers["sec-websocket-accept"];
      if (accept !== acceptKey(key)) {
        settle({ status, error: `bad Sec-WebSocket-Accept: ${String(accept)}` });
        return;
      }
      const reader = new FrameReader();
      const assembler = new MessageAssembler();
      const onData = (chunk: Buffer): void => {
        let frames: Frame[];
        try {
          frames = reader.push(chunk);
        } catch (error) {
          settle({ status, error: `bad frame: ${String(error)}` });
          return;
        }
        for (const frame of frames) {
          if (frame.opcode === OPCODE_CLOSE) {
            settle({ status, error: `server closed the connection (${frame.payload.toString("hex")})` });
            return;
          }
          if (frame.opcode === OPCODE_PING) socket.write(encodeFrame(OPCODE_PONG, frame.payload, true));
          if (frame.opcode === OPCODE_PONG || frame.opcode >= OPCODE_CLOSE) continue;
          const received = assembler.add(frame);
          if (!received) continue;
          if (received.opcode === OPCODE_TEXT) settle({ status, echoed: received.data.toString("utf8") });
          else if (received.opcode === OPCODE_BINARY)
            settle({ status, error: "echo came back as a binary frame" });
        }
      };
      socket.on("data", onData);
      socket.write(encodeFrame(OPCODE_TEXT, Buffer.from(message, "utf8"), true));
      if (head.length > 0) onData(head);
    });
    request.end();
  });
}
