import { InMemoryDocumentStore } from '../../src/read-store/memory/in-memory-document-store.js';
import { describeDocumentStoreConformance } from './document-store.conformance.js';

describeDocumentStoreConformance('in-memory', {
  open: async () => new InMemoryDocumentStore(),
  reopen: async () => {
    throw new Error('the in-memory store keeps nothing over a reopen');
  },
  lacks: { leases: 'one request owns the store: there is nobody to share a lease with', reopening: 'nothing outlives the process' },
});
