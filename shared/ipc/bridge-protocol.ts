/**
 * The wire format of browser mode's WebSocket bridge (electron/serve <-> renderer/services/api.ts).
 * One JSON object per message. The client sends requests; the server answers each with the same id
 * and pushes events. Results are the same `Result` values Electron IPC returns.
 */
import { INVOKE_CHANNELS } from './channels.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';
import { LARGEST_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, payloadLimit } from './payload-limits.ts';
import type { Result } from './result.ts';

/** Path of the WebSocket endpoint; the token goes in the query (`/api?token=...`). */
export const BRIDGE_PATH = '/api';

/** A whole message: a payload at the cap plus room for the envelope ({"id":…,"channel":…,"input":…}). */
export const MAX_MESSAGE_BYTES = MAX_PAYLOAD_BYTES + 4096;

/** The largest message of any channel (a report file's text). */
export const LARGEST_MESSAGE_BYTES = LARGEST_PAYLOAD_BYTES + 4096;

/** The cap on a whole message of this channel; unknown or unreadable channels get the default. */
export function messageLimit(channel: string | null): number {
  const known = channel !== null && (INVOKE_CHANNELS as readonly string[]).includes(channel);
  return (known ? payloadLimit(channel as InvokeChannel) : MAX_PAYLOAD_BYTES) + 4096;
}

/** Longest request id the server echoes back. */
export const MAX_REQUEST_ID_LENGTH = 64;

export interface BridgeRequest {
  id: string;
  channel: string;
  input: unknown;
}

/** `id` is null when the request was too broken to read its id. */
export interface BridgeResponse {
  id: string | null;
  result: Result<unknown>;
}

export interface BridgeEvent {
  event: EventChannel;
  payload: unknown;
}

export type BridgeServerMessage = BridgeResponse | BridgeEvent;

/**
 * Serialises a request with the id first, so a server that refuses an oversized message
 * without parsing it can still say which request it refused (see `leadingRequestId`).
 */
export function encodeRequest(request: BridgeRequest): string {
  return JSON.stringify({ id: request.id, channel: request.channel, input: request.input });
}

/** The id of a request encoded by `encodeRequest`, read from its first bytes only. */
export function leadingRequestId(text: string): string | null {
  const match = /^\{"id":"([A-Za-z0-9_-]{1,64})"/.exec(text.slice(0, MAX_REQUEST_ID_LENGTH + 16));
  return match?.[1] ?? null;
}

/** The channel of a request encoded by `encodeRequest` (right after its id), from its first bytes only. */
export function leadingChannel(text: string): string | null {
  const match = /^\{"id":"[A-Za-z0-9_-]{1,64}","channel":"([a-z/-]{1,64})"/.exec(text.slice(0, MAX_REQUEST_ID_LENGTH + 96));
  return match?.[1] ?? null;
}
