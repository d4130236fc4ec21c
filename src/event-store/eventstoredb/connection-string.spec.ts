import { describe, expect, it } from '@jest/globals';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString.js';
import { connectEventStore, hasCredentials, withCredentials } from './connection-string.js';

describe('the EventStoreDB connection string and the service user', () => {
  it('signs in with a password from a file that holds characters the string format reserves', () => {
    const full = withCredentials('esdb://node1:2113,node2:2113?tls=true', { username: 'privacy-ledger', password: 'p@ss:w/rd?&=%' });
    // The client's own parser gives back exactly the user and password.
    expect(parseConnectionString(full)).toMatchObject({ defaultCredentials: { username: 'privacy-ledger', password: 'p@ss:w/rd?&=%' }, hosts: [{ address: 'node1', port: 2113 }, { address: 'node2', port: 2113 }], tls: true });
    expect(hasCredentials(full)).toBe(true);
    expect(hasCredentials('esdb://node1:2113?tls=true')).toBe(false);
  });

  it('replaces credentials already in the string instead of adding a second pair', () => {
    expect(withCredentials('esdb+discover://old:pw@cluster:2113', { username: 'svc', password: 'new' })).toBe('esdb+discover://svc:new@cluster:2113');
  });

  it('refuses, naming the setting and quoting nothing of the string, what the client would throw on with the password in its message', () => {
    let message = '';
    try {
      connectEventStore('kurrentdb://node1:2113', { username: 'svc', password: 'top-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^EVENTSTORE_CONNECTION_STRING: kurrentdb:\/\/ is not understood/);
    expect(message).not.toMatch(/top-secret|node1/);
  });

  it('builds a client without connecting', async () => {
    const client = connectEventStore('esdb://127.0.0.1:1?tls=false', { username: 'svc', password: 'pw' });
    await client.dispose();
  });
});
