import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LINE_MAX } from '../breach-request-parts.js';
import type { InformDpo } from './inform-dpo.js';

export class InformDpoRequest {
  @ApiProperty({ example: '2026-03-02T12:00:00+01:00', description: 'when the FG was informed; not before awareAt' })
  @IsIsoDateTime()
  informedAt!: string;

  @ApiProperty({ example: 'privacy officer SZW', description: 'who informed the FG (a name or function)', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  informedBy!: string;

  toCommand(): InformDpo {
    return { informedAt: this.informedAt, informedBy: this.informedBy };
  }
}
