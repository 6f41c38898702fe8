import { describe, expect, it } from 'vitest';
import { localDomainsFor, resolveSandboxOptions } from '../../../../electron/engine/sandbox/sandbox-options.ts';

describe('resolveSandboxOptions', () => {
  it('fills in the defaults', () => {
    const o = resolveSandboxOptions({ dataDir: '/tmp/x' });
    expect(o).toMatchObject({
      dataDir: '/tmp/x',
      host: '127.0.0.1',
      smtpPort: 2525,
      tlsPort: 2465,
      hostname: 'sandbox.smtp-probe.test',
      maxMessageBytes: 10 * 1024 * 1024,
      behaviours: { denyRelay: false, greylist: false, rejectAuth: false, slowBannerMs: 0 },
    });
  });

  it('accepts 0 for both ports (random) and lower-cases the hostname', () => {
    expect(resolveSandboxOptions({ dataDir: 'd', smtpPort: 0, tlsPort: 0, hostname: 'Mail.Test' })).toMatchObject({ smtpPort: 0, tlsPort: 0, hostname: 'mail.test' });
  });

  it.each([
    [{ host: '0.0.0.0' }, 'EHOST'],
    [{ host: '::1' }, 'EHOST'],
    [{ smtpPort: 70000 }, 'EOPTION'],
    [{ tlsPort: -1 }, 'EOPTION'],
    [{ smtpPort: 2600, tlsPort: 2600 }, 'EOPTION'],
    [{ hostname: 'bad host\r\n250 injected' }, 'EOPTION'],
    [{ hostname: '-x.test' }, 'EOPTION'],
    [{ maxMessageBytes: 10 }, 'EOPTION'],
    [{ maxMessageBytes: 2 ** 40 }, 'EOPTION'],
    [{ dataDir: '' }, 'EOPTION'],
    [{ behaviours: { greylist: 'on' } }, 'EOPTION'],
    [{ onEvent: 'print' }, 'EOPTION'],
  ])('refuses %j with %s', (bad, code) => {
    expect(() => resolveSandboxOptions({ dataDir: 'd', ...(bad as object) } as never)).toThrow(expect.objectContaining({ code, phase: 'options' }));
  });
});

describe('localDomainsFor', () => {
  it('is the hostname, localhost and the loopback address literal', () => {
    expect(localDomainsFor('sandbox.smtp-probe.test')).toEqual(['sandbox.smtp-probe.test', 'localhost', '[127.0.0.1]']);
    expect(localDomainsFor('localhost')).toEqual(['localhost', '[127.0.0.1]']);
  });
});
