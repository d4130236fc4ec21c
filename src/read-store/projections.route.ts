import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionRebuilds } from './projection-rebuilds.js';
import { ProjectionStatuses, type ProjectionStatus } from './projection-status.js';

@ApiTags('projections')
@Controller('projections')
export class ProjectionsRoute {
  constructor(
    private readonly statuses: ProjectionStatuses,
    private readonly rebuilds: ProjectionRebuilds,
  ) {}

  @Get()
  @ApiOperation({ summary: "Each projection's position, the head of the log, the lag, its last error and any rebuild under way" })
  @ApiOkResponse({ description: 'one entry per projection' })
  async list(): Promise<{ projections: ProjectionStatus[] }> {
    return { projections: await this.statuses.status() };
  }

  @Post(':name/rebuilds')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a projection from position 0 beside the live one',
    description: 'The rebuilt generation takes over once it has caught up with the log as it stood when the rebuild began; its progress shows in GET /projections.',
  })
  @ApiAcceptedResponse({ description: 'the rebuild runs; the generation it builds' })
  async rebuild(@Param('name') name: string): Promise<{ name: string; generation: number }> {
    const { generation } = await this.rebuilds.rebuild(name);
    return { name, generation };
  }
}
