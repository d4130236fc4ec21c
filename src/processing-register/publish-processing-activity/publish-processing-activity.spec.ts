import { describe, it } from '@jest/globals';
import { given, published, registered, retired } from '../../../test/support/processing-register/processing-given.js';
import { decidePublishProcessingActivity } from './publish-processing-activity.js';

const publish = (publishedAt = '2026-03-01T09:00:00.000Z') => (state: Parameters<typeof decidePublishProcessingActivity>[1], at: Parameters<typeof decidePublishProcessingActivity>[2]) =>
  decidePublishProcessingActivity({ publishedAt }, state, at);

describe('PublishProcessingActivity', () => {
  it('records the publication', () => {
    given(registered()).when(publish()).then([published()]);
  });

  it('refuses to publish twice', () => {
    given(registered(), published()).when(publish('2026-03-02T09:00:00.000Z')).thenRefused('processing-activity-already-published', { publishedAt: '2026-03-01T09:00:00.000Z' });
  });

  it('refuses to publish a retired processing activity', () => {
    given(registered(), retired()).when(publish('2026-05-01T09:00:00.000Z')).thenRefused('processing-activity-retired');
  });

  it('refuses to publish an unregistered processing activity', () => {
    given().when(publish()).thenRefused('processing-activity-not-registered');
  });

  it('refuses a publication in the future or before the registration', () => {
    given(registered()).when(publish('2026-06-02T00:00:00.000Z')).thenRefused('time-in-future', { field: 'publishedAt' });
    given(registered()).when(publish('2026-02-01T09:00:00.000Z')).thenRefused('time-out-of-order', { field: 'publishedAt' });
  });
});
