import { describe, expect, it } from 'vitest';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import type { ProfileFields } from '../../../../shared/profile.ts';
import { defaultPort, toFormState, validateForm } from '../../../../renderer/components/profiles/profile-form-model.ts';

function valid(): ProfileFields {
  return { ...emptyProfileFields(), name: 'Office relay', target: 'example.com' };
}

describe('profile form model (validated with shared/profile.ts)', () => {
  it('round-trips a valid profile, converting seconds to milliseconds and back', () => {
    const fields: ProfileFields = {
      ...valid(),
      port: 587,
      security: 'starttls',
      authUser: 'alice',
      authMechanism: 'LOGIN',
      from: 'a@example.com',
      to: ['b@example.com', 'c@example.com'],
      headers: [['X-Test', '1']],
      timeouts: { connect: 1500, dns: 5000 },
      stopAfter: 'rcpt',
    };
    const state = toFormState(fields);
    expect(state.port).toBe('587');
    expect(state.timeouts.connect).toBe(1.5);
    expect(state.timeouts.command).toBeNull();
    const result = validateForm(state);
    expect(result.errors).toEqual({});
    expect(result.fields).toEqual(fields);
  });

  it('keeps the Source address as typed, empty as none, and shows the shared reason at the field', () => {
    const withSource: ProfileFields = { ...valid(), sourceAddress: '192.0.2.10' };
    expect(validateForm(toFormState(withSource)).fields).toEqual(withSource);
    expect(validateForm({ ...toFormState(withSource), sourceAddress: '' }).fields?.sourceAddress).toBeUndefined();
    const bad = validateForm({ ...toFormState(withSource), family: 6 });
    expect(bad.errors.sourceAddress).toBe('The source address 192.0.2.10 is IPv4, but IPv6 only was asked for');
  });

  it('refuses a hexadecimal port instead of reading 0x19 as 25', () => {
    const state = { ...toFormState(valid()), port: '0x19' };
    const result = validateForm(state);
    expect(result.fields).toBeUndefined();
    expect(result.errors.port).toMatch(/^The port must be a number from 1 to 65535 \(decimal digits only\)/);
  });

  it.each([
    ['0', 'got "0"'],
    ['65536', 'got "65536"'],
    ['2 5', 'got "2 5"'],
    ['-1', 'got "-1"'],
    ['２５', 'got "２５"'],
  ])('refuses port %s', (port, message) => {
    expect(validateForm({ ...toFormState(valid()), port }).errors.port).toContain(message);
  });

  it('treats an empty port as the default of the security mode', () => {
    const result = validateForm({ ...toFormState(valid()), port: '' });
    expect(result.fields?.port).toBeUndefined();
    expect([defaultPort('none'), defaultPort('starttls'), defaultPort('implicit')]).toEqual([25, 587, 465]);
  });

  it('asks for a name when it is empty or only spaces', () => {
    expect(validateForm({ ...toFormState(valid()), name: '   ' }).errors.name).toBe('Give the profile a name');
  });

  it('refuses CR/LF in the subject (header injection)', () => {
    const result = validateForm({ ...toFormState(valid()), subject: 'Hello\r\nBcc: victim@example.com' });
    expect(result.errors.subject).toBe('Subject must be a single line');
    expect(result.fields).toBeUndefined();
  });

  it('refuses more than 100 recipients at the recipients field', () => {
    const to = Array.from({ length: 101 }, (_, i) => `r${i}@example.com`);
    expect(validateForm({ ...toFormState(valid()), from: 'a@example.com', to }).errors.to).toBe('At most 100 recipients');
    expect(validateForm({ ...toFormState(valid()), from: 'a@example.com', to: to.slice(0, 100) }).errors.to).toBeUndefined();
  });

  it('puts a bad header message on its row and a bad timeout in seconds', () => {
    const state = toFormState(valid());
    state.headers = [
      { name: 'X-Ok', value: 'fine' },
      { name: 'Bad Name:', value: 'x' },
    ];
    state.timeouts.dns = 61;
    const { errors } = validateForm(state);
    expect(errors['headers.1']).toBe('The header name "Bad Name:" may hold only printable ASCII without spaces or ":"');
    expect(errors['headers.0']).toBeUndefined();
    expect(errors['timeouts.dns']).toBe('Between 0.1 and 60 seconds');
  });

  it('turns empty optional texts into absent fields', () => {
    const result = validateForm({ ...toFormState(valid()), ehloName: ' ', from: '', dnsServer: '' });
    expect(result.fields).toBeDefined();
    expect(result.fields?.ehloName).toBeUndefined();
    expect(result.fields?.from).toBeUndefined();
    expect(result.fields?.dnsServer).toBeUndefined();
  });

  it('keeps a trusted CA certificate and refuses text that is not PEM', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----';
    expect(validateForm(toFormState({ ...valid(), caPem: pem })).fields?.caPem).toBe(pem);
    const state = { ...toFormState(valid()), caPem: 'not a certificate' };
    expect(validateForm(state).errors.caPem).toMatch(/PEM certificate/);
  });
});
