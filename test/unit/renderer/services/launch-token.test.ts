/** The launch token leaves the page address after the first load; the bridge still gets it. */
import { describe, expect, it } from 'vitest';
import { addressWithoutToken, bridgeUrl, tokenFromLocation } from '../../../../renderer/services/launch-token.ts';

const at = (search: string, hash = '') => ({ protocol: 'http:', host: '127.0.0.1:4000', pathname: '/', search, hash });

describe('the launch token in the page address', () => {
  it.each([
    ['?token=abc', '', '/'],
    ['?lang=de&token=abc', '', '/?lang=de'],
    ['', '#token=abc', '/'],
    ['?token=abc', '#/profiles', '/#/profiles'],
  ])('%s%s becomes %s', (search, hash, expected) => {
    expect(addressWithoutToken(at(search, hash))).toBe(expected);
  });

  it('leaves an address without a token alone', () => {
    expect(addressWithoutToken(at('?lang=de', '#x'))).toBeNull();
  });

  it('the bridge URL keeps the token, or relies on the cookie without one', () => {
    expect(tokenFromLocation(at('?token=a%2Bb'))).toBe('a+b');
    expect(bridgeUrl(at('?token=a%2Bb'))).toBe('ws://127.0.0.1:4000/api?token=a%2Bb');
    expect(bridgeUrl(at(''))).toBe('ws://127.0.0.1:4000/api');
  });
});
