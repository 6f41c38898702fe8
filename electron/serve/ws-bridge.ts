/**
 * The WebSocket side of browser mode: one message in, one `{ id, result }` out, through the same
 * `dispatchInvoke` gate as Electron IPC; events from the handlers go to every connected page.
 * Nothing a page sends can throw here: broken messages get an EINVALID result, oversized ones are
 * refused before they are parsed. No exception's text goes to a page: it goes to `log`.
 */
import type { RawData, WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { BRIDGE_PATH, LARGEST_MESSAGE_BYTES, MAX_MESSAGE_BYTES, MAX_REQUEST_ID_LENGTH, leadingChannel, leadingRequestId, messageLimit } from '../../shared/ipc/bridge-protocol.ts';
import type { BridgeEvent, BridgeResponse } from '../../shared/ipc/bridge-protocol.ts';
import type { EventChannel, EventPayloads, Handlers } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/ipc/result.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { dispatchInvoke } from '../engine/service/dispatch.ts';
import { internalFailure } from '../engine/service/guard.ts';
import type { HostLog } from '../engine/service/guard.ts';

/** Beyond this, ws closes the connection (1009) instead of buffering more: the largest channel's message, with room to answer it. */
const TRANSPORT_LIMIT_BYTES = LARGEST_MESSAGE_BYTES + 8 * MAX_MESSAGE_BYTES;
const REQUEST_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

export { BRIDGE_PATH, MAX_MESSAGE_BYTES };

/** Turns one raw message into the response to send; never throws. */
export async function handleBridgeMessage(handlers: Handlers, raw: string | Buffer, log?: HostLog): Promise<BridgeResponse> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.length;
  // The cap of the channel the request names in its first bytes, checked before anything is decoded or parsed.
  const head = typeof raw === 'string' ? raw.slice(0, 256) : raw.subarray(0, 256).toString('utf8');
  const limit = messageLimit(leadingChannel(head));
  if (size > limit) {
    return { id: leadingRequestId(head), result: fail('EINVALID', `The message is ${size} bytes; the limit is ${limit}.`) };
  }
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { id: leadingRequestId(text), result: fail('EINVALID', 'The message is not JSON.') };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { id: null, result: fail('EINVALID', 'The message is not an object.') };
  }
  const { id, channel, input } = message as { id?: unknown; channel?: unknown; input?: unknown };
  if (typeof id !== 'string' || !REQUEST_ID.test(id)) {
    return { id: null, result: fail('EINVALID', 'The message has no valid id.') };
  }
  const result: Result<unknown> = await dispatchInvoke(handlers, channel, input, log);
  return { id, result };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A handler's value that is not JSON (a bug) still gets an answer, so the page never waits forever. */
function encodeResponse(response: BridgeResponse, log: HostLog): string {
  try {
    return JSON.stringify(response);
  } catch (error) {
    return JSON.stringify({ id: response.id, result: internalFailure('the bridge', error, log) });
  }
}

export interface Bridge {
  /** Hands an upgraded request to the bridge (after the guard accepted it). */
  server: WebSocketServer;
  broadcast<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  close(): Promise<void>;
}

export function createBridge(handlers: () => Handlers, log: (line: string) => void): Bridge {
  const server = new WebSocketServer({ noServer: true, maxPayload: TRANSPORT_LIMIT_BYTES, perMessageDeflate: false });

  server.on('connection', (socket: WebSocket) => {
    socket.on('message', (data: RawData) => {
      void handleBridgeMessage(handlers(), toBuffer(data), log).then((response) => {
        if (socket.readyState === socket.OPEN) socket.send(encodeResponse(response, log));
      });
    });
    socket.on('error', (error) => log(`browser mode: WebSocket error: ${error.message}`));
  });

  return {
    server,
    broadcast(event, payload) {
      const message: BridgeEvent = { event, payload };
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch (error) {
        log(`browser mode: event ${event} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      for (const client of server.clients) {
        if (client.readyState === client.OPEN) client.send(text);
      }
    },
    close() {
      for (const client of server.clients) client.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
