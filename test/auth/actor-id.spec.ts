import { describe, expect, it } from '@jest/globals';
import { apiKeyActorId, jwtActorId, namesActor } from '../../src/auth/actor-id.js';
import { mayRead } from '../../src/inquiries/inquiry.rules.js';

describe('actor ids', () => {
  const token = jwtActorId('https://login.example.nl', 'ap-inspector@ap.nl');

  it('namespaces a token by its issuer, so its subject can never pass for an API key or the service', () => {
    expect(jwtActorId('https://login.example.nl', 'api-key:0123456789abcdef')).toBe('jwt:https://login.example.nl#api-key:0123456789abcdef');
    expect(namesActor(apiKeyActorId('0123456789abcdef'), jwtActorId('https://login.example.nl', 'api-key:0123456789abcdef'))).toBe(false);
    expect(namesActor('privacy-ledger', jwtActorId('https://login.example.nl', 'privacy-ledger#x'))).toBe(false);
  });

  it('lets a grant name an actor by its id, or a token by its subject alone', () => {
    expect(namesActor(token, token)).toBe(true);
    expect(namesActor('ap-inspector@ap.nl', token)).toBe(true);
    expect(namesActor('jwt:https://other.example#ap-inspector@ap.nl', token)).toBe(false);
    expect(namesActor('0123456789abcdef', apiKeyActorId('0123456789abcdef'))).toBe(false);
  });

  it('lets an inquiry name its AP readers in either form', () => {
    expect(mayRead([token], token)).toBe(true);
    expect(mayRead(['ap-inspector@ap.nl'], token)).toBe(true);
    expect(mayRead([apiKeyActorId('0123456789abcdef')], token)).toBe(false);
    expect(mayRead(null, token)).toBe(true);
  });
});
