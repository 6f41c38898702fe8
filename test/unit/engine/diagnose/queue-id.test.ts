import { describe, expect, it } from 'vitest';
import { parseQueueId } from '../../../../electron/engine/diagnose/queue-id.ts';

describe('parseQueueId', () => {
  it.each([
    ['Ok: queued as 4BXYZ12', '4BXYZ12'],
    ['Ok: queued as 85761C042C', '85761C042C'],
    ['OK id=1tXyZa-000Abc-9Q', '1tXyZa-000Abc-9Q'],
    ['t3520758032350 Message accepted for delivery', 't3520758032350'],
    ['<msg@example> [InternalId=1234567890, Hostname=EX01] Queued mail for delivery', '1234567890'],
    ['Message Queued (A1B2C3D4-E5F6)', 'A1B2C3D4-E5F6'],
    ['OK: message queued', undefined],
    ['message received', undefined],
  ])('%s -> %s', (text, id) => {
    expect(parseQueueId(text)).toBe(id);
  });
});
