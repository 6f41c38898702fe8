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

describe('the profile\'s Source address', () => {
  const issues = (fields: Partial<ReturnType<typeof emptyProfileFields>>) => {
    const parsed = profileFieldsSchema.safeParse({ ...emptyProfileFields(), ...fields });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes an IP literal of this machine, and nothing else, with the same words as the command line', () => {
    expect(issues({ sourceAddress: '192.0.2.10' })).toEqual([]);
    expect(issues({ sourceAddress: 'eth0' })).toEqual(['sourceAddress: the source address must be an IP address of this machine, like 192.0.2.10 or 2001:db8::10; got "eth0"']);
  });

  it('must be of the IP version of a server given as an address, and of the version chosen', () => {
    expect(issues({ targetKind: 'host', target: '127.0.0.1', sourceAddress: '::1' })).toEqual(['sourceAddress: the source address ::1 is IPv6 but the server 127.0.0.1 is IPv4: give an IPv4 source address, or none to let the system choose']);
    expect(issues({ family: 4, sourceAddress: '::1' })).toEqual(['sourceAddress: the source address ::1 is IPv6, but IPv4 only was asked for']);
  });
});
