import { describe, expect, it } from 'vitest';
import { profilesFileName, reportFileName, safeFilePart } from '../../../../electron/engine/service/file-names.ts';

describe('file names', () => {
  const t = new Date('2026-11-24T01:02:03.456Z');
  it('smtp-probe-<target>-<UTC time>.<ext>', () => {
    expect(reportFileName('mail.example.com', t, 'txt')).toBe('smtp-probe-mail.example.com-20261124T010203Z.txt');
    expect(profilesFileName(t)).toBe('smtp-probe-profiles-20261124T010203Z.json');
  });
  it.each([
    ['../../etc/passwd', 'etc_passwd'],
    ['[2001:db8::1]', '2001_db8_1'],
    ['con:aux*?<>|"', 'con_aux'],
    ['', 'target'],
    ['bücher.example', 'b_cher.example'],
  ])('%j -> %j (safe characters only)', (input, out) => {
    expect(safeFilePart(input)).toBe(out);
    expect(safeFilePart(input)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });
});
