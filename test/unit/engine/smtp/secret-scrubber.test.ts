import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cramMd5Response } from '../../../../electron/engine/smtp/auth.ts';
import { createSecretScrubber, NO_SECRETS } from '../../../../electron/engine/smtp/secret-scrubber.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const USER = 'canary-user@example.test';
const PASS = 'Canary-9f3e-Canary-9f3e';
const CHALLENGE = '<1896.697170952@postoffice.example.test>';

describe('createSecretScrubber', () => {
  it('learns the CRAM-MD5 challenge that follows "AUTH CRAM-MD5" and scrubs the echoed response and digest from then on', () => {
    const secrets = createSecretScrubber({ user: USER, password: PASS });
    const response = cramMd5Response(USER, PASS, Buffer.from(CHALLENGE));
    const digest = createHmac('md5', PASS).update(CHALLENGE).digest('hex');
    const echo = `535-5.7.8 you sent ${response} = ${USER} ${digest}`;
    expect(secrets.scrub(echo)).toBe(echo);
    secrets.observeLine('C', 'AUTH CRAM-MD5');
    secrets.observeLine('S', `334 ${b64(CHALLENGE)}`);
    expect(secrets.scrub(echo)).toBe(`535-5.7.8 you sent [redacted] = ${USER} [redacted]`);
    expect(secrets.scrub(`535 ${b64(`got ${response}`)}`)).toBe('535 [redacted]');
    expect(secrets.scrub(digest.toUpperCase())).toBe('[redacted]');
  });

  it('takes a 334 as a CRAM-MD5 challenge only right after "AUTH CRAM-MD5"', () => {
    const secrets = createSecretScrubber({ user: USER, password: PASS });
    const digest = createHmac('md5', PASS).update(CHALLENGE).digest('hex');
    secrets.observeLine('C', 'AUTH LOGIN');
    secrets.observeLine('S', `334 ${b64(CHALLENGE)}`);
    expect(secrets.scrub(digest)).toBe(digest);
  });

  it('scrubs every string of a report, keys included, and leaves the input as it was', () => {
    const secrets = createSecretScrubber({ user: USER, password: PASS });
    const report = { request: { authUser: USER, from: USER }, exitCode: 15, ok: false, none: null, smtp: { auth: { reply: { code: 535, lines: [`5.7.8 decoded: ${PASS}`] } } }, map: { [PASS]: 1 }, list: [[b64(PASS)]] };
    const copy = structuredClone(report);
    const out = secrets.scrubDeep(report);
    expect(out).toEqual({ request: { authUser: USER, from: USER }, exitCode: 15, ok: false, none: null, smtp: { auth: { reply: { code: 535, lines: ['5.7.8 decoded: [redacted]'] } } }, map: { '[redacted]': 1 }, list: [['[redacted]']] });
    expect(report).toEqual(copy);
  });

  it('scrubs a thrown error', () => {
    const secrets = createSecretScrubber({ user: USER, password: PASS });
    const error = secrets.scrubError(new Error(`reply was 535 ${PASS}`)) as Error;
    expect(error.message).toBe('reply was 535 [redacted]');
    expect(error.stack).not.toContain(PASS);
    expect(secrets.scrubError(`x ${PASS}`)).toBe('x [redacted]');
  });

  it('changes nothing without credentials', () => {
    expect(createSecretScrubber(undefined)).toBe(NO_SECRETS);
    expect(createSecretScrubber({ user: USER, password: '' })).toBe(NO_SECRETS);
    const value = { a: PASS };
    expect(NO_SECRETS.scrubDeep(value)).toBe(value);
  });

  it('is what the transcript applies to each line before keeping or streaming it', () => {
    const streamed: string[] = [];
    const sink = createTranscript({ secrets: createSecretScrubber({ user: USER, password: PASS }), onEvent: (e) => streamed.push(e.text) });
    sink.add('C', `MAIL FROM:<${USER}>`);
    const event = sink.add('S', `535 5.7.8 decoded: ${PASS}`);
    expect(event.text).toBe('535 5.7.8 decoded: [redacted]');
    expect(streamed).toEqual([`MAIL FROM:<${USER}>`, '535 5.7.8 decoded: [redacted]']);
    expect(sink.events.map((e) => e.text)).toEqual(streamed);
  });
});
