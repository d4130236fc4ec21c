import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AccessLogged } from '../../access-log/access-log.module.js';
import { chooseLang } from '../../exports/view-format.js';
import { QueryInteger } from '../../http/query-numbers.js';
import { LANGUAGES, type Lang } from '../../labels/labels.js';
import { BreachIdPipe } from '../breach-http.js';
import { apNotificationPdf } from './ap-notification-pdf.js';
import { ApNotifications, type ApNotification } from './get-ap-notification.js';

export class ApNotificationQuery {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'json (default) or pdf; or ask with Accept: application/pdf' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';

  @ApiPropertyOptional({ description: 'the form as it stood after this revision of the breach (a filed version is checked against it)' })
  @IsOptional()
  @QueryInteger(0)
  revision?: number;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'the language of the questions and answers: nl (default, the AP form\'s language) or en; also Accept-Language. The version is the same in both.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Lang;
}

/** ?format= wins; otherwise Accept decides, JSON unless it prefers PDF. */
function wantsPdf(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'pdf';
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0]?.trim().toLowerCase());
  return types.includes('application/pdf') && !types.includes('application/json');
}

@ApiTags('breach views')
@Controller('breaches')
export class GetApNotificationRoute {
  constructor(private readonly notifications: ApNotifications) {}

  @Get(':breachId/ap-notification')
  @AccessLogged()
  @ApiOperation({
    summary: "The AP's notification form (meldformulier datalekken), prepared from the log",
    description:
      'The questions of the form in Dutch (English with ?lang=en or Accept-Language: en; the version is the same in both), in its sections and order, each with the answer the recorded facts give, the recorded value and the events it comes from; ' +
      'the questions still unanswered (with where their answer is recorded); the 72-hour deadline and the hours left. `version` (revision and sha256) names these answers: ' +
      'send it with the filing (POST /breaches/{id}/ap-reports, apNotification) so that what was told to the AP can be shown later (?revision= rebuilds that version). ' +
      'As JSON, or as a printable PDF with ?format=pdf or Accept: application/pdf. Personal fields in the clear: every read is written to the access log.',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ description: 'the prepared form' })
  async notification(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Query() query: ApNotificationQuery,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApNotification | Buffer> {
    const lang = chooseLang(query.lang, { 'accept-language': acceptLanguage });
    const notification = await this.notifications.prepare(breachId, query.revision, lang);
    void reply.header('vary', 'Accept, Accept-Language').header('content-language', lang);
    if (!wantsPdf(query.format, accept)) return notification;
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="${lang === 'nl' ? 'ap-melding' : 'ap-notification'}-${breachId}-r${notification.version.revision}.pdf"`);
    return apNotificationPdf(notification);
  }
}
