import { describe, expect, it } from 'vitest';
import { CAPABILITY_MEANINGS, explainCapability } from '../../../shared/capabilities-explained.ts';

describe('explainCapability', () => {
  it('explains the keywords of the classic telnet guides', () => {
    for (const k of ['PIPELINING', 'SIZE', 'VRFY', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'AUTH', 'CHUNKING', 'SMTPUTF8', 'HELP']) {
      expect(CAPABILITY_MEANINGS[k], k).toBeDefined();
    }
  });
  it('turns SIZE into a readable limit', () => {
    expect(explainCapability('SIZE', ['10240000'])).toMatch(/9\.8 MiB/);
    expect(explainCapability('size', ['0'])).toMatch(/no fixed size limit/);
  });
  it('lists AUTH methods', () => {
    expect(explainCapability('AUTH', ['PLAIN', 'LOGIN'])).toMatch(/PLAIN, LOGIN/);
    expect(explainCapability('AUTH=LOGIN')).toMatch(/legacy/);
  });
  it('labels vendor and unknown keywords', () => {
    expect(explainCapability('XACK')).toMatch(/vendor-specific/);
    expect(explainCapability('FOOBAR')).toMatch(/does not know/);
  });
});
