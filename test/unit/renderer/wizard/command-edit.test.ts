import { describe, expect, it } from 'vitest';
import { editableFields, fixedNote, toDraft, validateDraft } from '../../../../renderer/components/wizard/command-edit.ts';
import { validateForm } from '../../../../renderer/components/profiles/profile-form-model.ts';
import { testProfile } from '../transcript/mount-helpers.ts';

const profile = testProfile({ target: 'mail.example.net', from: 'me@example.net', to: ['a@example.org'], ehloName: 'client.example' });

describe('editableFields', () => {
  it('offers the fields behind each command, none for steps without one', () => {
    expect(editableFields('connect', profile)).toEqual(['targetKind', 'target', 'port', 'security']);
    expect(editableFields('rcpt', profile)).toEqual(['to']);
    expect(editableFields('banner', profile)).toEqual([]);
    expect(editableFields('starttls', profile)).toEqual([]);
  });

  it('leaves out what the built-in test server profile takes from the running server', () => {
    const builtIn = { builtIn: 'sandbox' as const };
    expect(editableFields('connect', builtIn)).toEqual(['security']);
    expect(editableFields('auth', builtIn)).toEqual(['authMechanism']);
    expect(editableFields('rcpt', builtIn)).toEqual(['to']);
    expect(fixedNote('connect', builtIn)).toMatch(/built-in test server's own/);
    expect(fixedNote('connect', profile)).toBeUndefined();
  });
});

describe('validateDraft', () => {
  it('applies only the edited fields and returns the whole profile to save', () => {
    const draft = { ...toDraft(profile), to: 'x@example.org, y@example.org;x@example.org', from: 'ignored@example.net' };
    const result = validateDraft(profile, draft, ['to'], validateForm);
    expect(result.errors).toEqual({});
    expect(result.fields?.to).toEqual(['x@example.org', 'y@example.org']);
    expect(result.fields?.from).toBe('me@example.net');
    expect(result.fields?.name).toBe(profile.name);
  });

  it("gives the Settings form's message at the edited field", () => {
    const port = validateDraft(profile, { ...toDraft(profile), port: '25abc' }, ['port'], validateForm);
    expect(port.fields).toBeUndefined();
    expect(port.errors.port).toBe('The port must be a number from 1 to 65535 (decimal digits only), got "25abc"');
    const target = validateDraft(profile, { ...toDraft(profile), target: '  ' }, ['target'], validateForm);
    expect(target.errors.target).toBe('Enter a domain or a server name');
  });
});
