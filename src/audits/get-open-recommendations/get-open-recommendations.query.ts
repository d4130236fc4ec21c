import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ViewQuery } from '../../http/view-queries.js';

export class GetOpenRecommendationsQuery extends ViewQuery {
  @ApiPropertyOptional({ description: 'only this dienst (one of DIENSTEN, or one that still has open recommendations); its counts become the totals' })
  @IsOptional()
  @IsString()
  dienst?: string;
}
