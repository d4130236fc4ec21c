import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import type { InformDpoOfImplementation } from './inform-dpo-of-implementation.decide.js';

export class InformDpoOfImplementationRequest {
  @ApiProperty({ example: '2026-04-02T11:00:00+02:00', description: 'not before the implementation' })
  @IsIsoDateTime()
  informedAt!: string;

  toCommand(): Omit<InformDpoOfImplementation, 'recommendationId'> {
    return { informedAt: this.informedAt };
  }
}
