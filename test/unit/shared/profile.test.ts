import { describe, expect, it } from 'vitest';
import { emptyProfileFields, profileFieldsSchema } from '../../../shared/profile.ts';

describe('emptyProfileFields', () => {
  it('is a valid profile, so "New" can save it at once', () => {
    expect(profileFieldsSchema.safeParse(emptyProfileFields()).success).toBe(true);
  });

  it('targets the reserved example.com (RFC 2606), never a real server', () => {
    expect(emptyProfileFields()).toMatchObject({ targetKind: 'domain', target: 'example.com' });
  });
});
