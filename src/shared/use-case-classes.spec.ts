import { describe, expect, it } from '@jest/globals';
import { CommandHandler, EventsHandler, QueryHandler } from '@nestjs/cqrs';
import { HANDLER_METADATA } from './use-case-classes.js';

describe('useCaseClasses', () => {
  it('knows the metadata the @nestjs/cqrs handler decorators put on a class', () => {
    class Probe {}
    const decorated = [CommandHandler(Probe), QueryHandler(Probe), EventsHandler(Probe)].map((decorate) => {
      class Handler {}
      decorate(Handler);
      return Reflect.getOwnMetadataKeys(Handler);
    });
    expect(decorated).toEqual(HANDLER_METADATA.map((key) => [key]));
  });
});
