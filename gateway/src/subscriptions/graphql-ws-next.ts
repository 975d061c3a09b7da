import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { SendMessages } from './subscriber-outbox.js';

/** The `ws` release line whose private `_socket` field (the TCP socket under a WebSocket) the fast path was written for. */
const FAST_PATH_WS_MAJOR = 8;
const installedWsVersion = (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;

/**
 * The TCP socket under `socket`, when frames may be written to it directly: no extension
 * negotiated, the `ws` major the fast path was written for, and `_socket` really a
 * `net.Socket`. Otherwise null, and messages go through ws's public `send`.
 */
export function rawSocketOf(socket: WebSocket, wsVersion = installedWsVersion): Socket | null {
  if (socket.extensions !== '') return null;
  if (Number(wsVersion.split('.')[0]) !== FAST_PATH_WS_MAJOR) return null;
  const raw = (socket as unknown as { _socket?: unknown })._socket;
  return raw instanceof Socket ? raw : null;
}

/** Bytes of an unmasked, final WebSocket text frame's header for a payload of `length` bytes (RFC 6455 5.2). */
const headerLength = (length: number) => (length < 126 ? 2 : length < 65_536 ? 4 : 10);

function writeHeader(frame: Buffer, offset: number, length: number): number {
  frame[offset] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    frame[offset + 1] = length;
    return offset + 2;
  }
  if (length < 65_536) {
    frame[offset + 1] = 126;
    frame.writeUInt16BE(length, offset + 2);
    return offset + 4;
  }
  frame[offset + 1] = 127;
  frame.writeBigUInt64BE(BigInt(length), offset + 2);
  return offset + 10;
}

/**
 * Writes the graphql-transport-ws `next` messages of one operation straight to its socket:
 * `{"id":<id>,"type":"next","payload":<message>}`, the bytes graphql-ws's server would send.
 * The message is prepared (and UTF-8 encoded) once for every subscriber of a group, so only
 * the frame around it is built per socket, and the frames of messages that waited go out in
 * one write. (graphql-ws's own path rebuilds, validates and stringifies the whole message per
 * subscriber behind several promises, and ws adds a writev per message: bench/RESULTS.md S1.)
 *
 * The frames are written to the WebSocket's TCP socket, below ws, which writes its own frames
 * (graphql-ws's `complete`, pings) there synchronously too, so the order holds. Only when an
 * extension such as permessage-deflate was negotiated (ws then frames, and may queue,
 * differently), or when `ws` is not the release this was written for (`rawSocketOf`), do
 * messages go through `socket.send`. A socket holding more than
 * `maxBufferedBytes` unsent is a slow consumer: `onSlow` drops it.
 */
export function graphqlWsNext(
  socket: WebSocket,
  id: string,
  maxBufferedBytes: number,
  onSlow: () => void,
  tcp: Socket | null = rawSocketOf(socket),
): SendMessages {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const headBytes = Buffer.from(head, 'utf8');
  return (messages) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) return onSlow();
    if (!tcp) {
      for (const message of messages) socket.send(`${head}${message.text}}`);
      return;
    }
    let size = 0;
    for (const message of messages) {
      const length = headBytes.length + message.bytes.length + 1;
      size += headerLength(length) + length;
    }
    const frames = Buffer.allocUnsafe(size);
    let offset = 0;
    for (const message of messages) {
      offset = writeHeader(frames, offset, headBytes.length + message.bytes.length + 1);
      offset += headBytes.copy(frames, offset);
      offset += message.bytes.copy(frames, offset);
      frames[offset++] = 0x7d; // }
    }
    tcp.write(frames);
  };
}
