import { describe, expect, it } from '@jest/globals';
import { redactConnection, redactMessage } from './redact.js';

describe('redacting connection strings', () => {
  it('hides the user and password, keeping scheme, hosts and options', () => {
    expect(redactConnection('esdb://admin:changeit@node1:2113,node2:2113?tls=true')).toBe('esdb://***@node1:2113,node2:2113?tls=true');
    expect(redactConnection('mongodb://svc:p%40ss@m1,m2/?replicaSet=rs0')).toBe('mongodb://***@m1,m2/?replicaSet=rs0');
    expect(redactConnection('esdb://node1:2113?tls=false')).toBe('esdb://node1:2113?tls=false');
  });

  it('hides a password holding a slash or an @, which a host-bounded pattern would leave half-visible', () => {
    expect(redactConnection('esdb://admin:a/b@c@node1:2113?tls=true')).toBe('esdb://***@node1:2113?tls=true');
  });

  it('hides secret-looking options', () => {
    expect(redactConnection('mongodb://m1/?tlsCertificateKeyFilePassword=hunter2&replicaSet=rs0')).toBe('mongodb://m1/?tlsCertificateKeyFilePassword=***&replicaSet=rs0');
  });

  it('blots the credentials out of a message that quotes them, encoded or decoded', () => {
    const connection = 'esdb://svc:p%40ss%3Aword@node1:2113?tls=true';
    expect(redactMessage(`Unexpected "svc:p%40ss%3Aword" at position 7 in ${connection}`, connection)).toBe('Unexpected "***" at position 7 in esdb://***@node1:2113?tls=true');
    expect(redactMessage('login p@ss:word refused', connection)).not.toMatch(/p@ss:word/);
  });
});
