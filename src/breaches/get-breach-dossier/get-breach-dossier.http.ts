import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessLogged } from '../../access-log/access-log.module.js';
import type { Actor } from '../../event-store/event-store.port.js';
import { BreachIdPipe } from '../breach-http.js';
import type { BreachDossier } from './breach-dossier.js';
import { BreachDossiers, type PersonalFieldsReader } from './get-breach-dossier.js';

/** Auditors check the handling, not the people in it: they see that a personal field exists, not what it says. */
export function personalFieldsReaderFor(request: FastifyRequest): PersonalFieldsReader {
  return (request as FastifyRequest & { actor?: Actor }).actor?.role === 'auditor' ? 'redacted' : 'readable';
}

@ApiTags('breach views')
@Controller('breaches')
export class GetBreachDossierRoute {
  constructor(private readonly dossiers: BreachDossiers) {}

  @Get(':breachId/dossier')
  @AccessLogged()
  @ApiOperation({
    summary: 'Every recorded fact of a breach, personal fields readable, each with the event that recorded it',
    description:
      'The registration facts as corrected (each naming the event its value comes from), the AP form answers (POST /breaches/{id}/notification-details) and their history, ' +
      "the FG's notifications and advice, assessments, filings, supplements, withdrawals, late-reason verdicts, notifications of data subjects and waivers, root causes, measures, " +
      'corrections (original, corrected, who, when, why), closure and erasure. Read from the log, decrypted: for the privacy officers, the FG, the CPO and the AP within an inquiry; ' +
      'auditors see every personal field as "[redacted]"; after the erasure everyone sees "[erased]". Every read is written to the access log.',
  })
  @ApiOkResponse({ description: 'the dossier; ETag is the revision it reflects' })
  async dossier(@Param('breachId', BreachIdPipe) breachId: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<BreachDossier> {
    const { dossier } = await this.dossiers.read(breachId, personalFieldsReaderFor(request));
    void reply.header('etag', `"${dossier.revision}"`);
    return dossier;
  }
}
