import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LINE_MAX } from '../dpia-request-parts.js';
import type { StartDpia } from './start-dpia.decide.js';

export class StartDpiaRequest {
  @ApiProperty({ example: 'Camera surveillance in the city centre', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  title!: string;

  @ApiProperty({ example: 'DSB', description: 'one of the configured diensten (DIENSTEN)' })
  @IsString()
  @IsNotEmpty()
  dienst!: string;

  @ApiPropertyOptional({type: String,  nullable: true, format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', description: 'the processing activity of the register this DPIA assesses, when it is registered' })
  @IsOptional()
  @IsUUID()
  processingActivityId?: string | null;

  @ApiProperty({ example: 'AD DSB', maxLength: LINE_MAX, description: 'the process owner: the AD of the dienst, or the GS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  owner!: string;

  @ApiProperty({ example: '2026-02-02T10:00:00+01:00' })
  @IsIsoDateTime()
  startedAt!: string;

  toCommand(dpiaId: string): StartDpia {
    return { dpiaId, title: this.title, dienst: this.dienst, processingActivityId: this.processingActivityId ?? null, owner: this.owner, startedAt: this.startedAt };
  }
}
