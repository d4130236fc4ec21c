import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IntegerParamPipe, IsPosition, QueryInteger } from '../http/query-numbers.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AccessLogged, ScopedReadsLogged } from '../access-log/access-log.module.js';
import { actorOf } from '../auth/actor.js';
import type { Actor } from '../event-store/event-store.port.js';
import { ledgerExport } from './ledger-export.js';
import { chunksOfLines } from '../shared/line-chunks.js';
import type { RecordedCheckpoint } from './checkpoint-log.js';
import { Ledger } from './ledger.js';
import { TRUST_PINS } from './trust-pins.js';
import type { TrustPins } from './witnessed.js';
import { NDJSON } from './replay.route.js';

class CosignatureRequest {
  @ApiProperty({ example: 'fg.denhaag.nl', description: 'the cosigner\'s key name, as in its signature line' })
  @IsString()
  @Matches(/^[^\s+]{1,200}$/, { message: 'name must be a key name without spaces or +' })
  name!: string;

  @ApiProperty({ description: 'its Ed25519 public key: PEM (SPKI) or a signed-note verifier key <name>+<keyid>+<base64>' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  publicKey!: string;

  @ApiProperty({ description: 'its signature line over the checkpoint\'s body: "— <name> <base64(keyid||signature)>"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  line!: string;
}

class InclusionQuery {
  @ApiProperty({ example: '42', description: 'the position of the event' })
  @IsPosition()
  position!: string;

  @ApiPropertyOptional({ description: 'the tree size (a checkpoint\'s); default: the whole log now' })
  @IsOptional()
  @QueryInteger(1)
  treeSize?: number;
}

class ConsistencyQuery {
  @ApiProperty({ example: 10 })
  @QueryInteger(1)
  from!: number;

  @ApiProperty({ example: 20 })
  @QueryInteger(1)
  to!: number;
}

/** Tamper evidence for auditors and the supervisory authority: the tree, checkpoints, proofs, verification, export. */
@ApiTags('audit')
@Controller('audit')
export class LedgerRoute {
  constructor(
    private readonly ledger: Ledger,
    @Inject(TRUST_PINS) private readonly pins: () => TrustPins,
  ) {}

  @Get('public-key')
  @ApiOperation({ summary: "The service's Ed25519 public key (PEM and signed-note verifier key): what checkpoints and exports are verified with" })
  publicKey(): { name: string; pem: string; verifierKey: string } {
    return this.ledger.publicKey();
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Every signed checkpoint of the log, with its cosignatures' })
  @ApiOkResponse({ description: '{ checkpoints: [{ treeSize, rootHash, checkpointedAt, note, cosigners, event }] }' })
  async checkpoints(): Promise<{ checkpoints: RecordedCheckpoint[] }> {
    return { checkpoints: await this.ledger.checkpoints() };
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint of the log as it stands now, record it in ledger-checkpoints, and have the configured witnesses cosign it' })
  @ApiCreatedResponse({ description: 'the recorded checkpoint, with its signed note (C2SP tlog-checkpoint)' })
  async checkpoint(@Req() request: FastifyRequest & { actor?: Actor }): Promise<RecordedCheckpoint> {
    return this.ledger.checkpoint(actorOf(request));
  }

  @Post('checkpoints/:treeSize/cosignatures')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the countersignature of an outside party (the FG, an auditor, the AP) over a checkpoint: an Ed25519 note signature or a C2SP cosignature/v1; it must verify' })
  async cosign(
    @Param('treeSize', new IntegerParamPipe('treeSize', 1)) treeSize: number,
    @Body() body: CosignatureRequest,
    @Req() request: FastifyRequest & { actor?: Actor },
  ): Promise<RecordedCheckpoint> {
    return this.ledger.cosign(treeSize, body, actorOf(request));
  }

  @Get('proofs/inclusion')
  @ScopedReadsLogged()
  @ApiOperation({ summary: "An inclusion proof (RFC 9162) of the event at a position in the tree of a checkpoint's size" })
  inclusion(@Query() query: InclusionQuery): ReturnType<Ledger['inclusionProof']> {
    return this.ledger.inclusionProof(BigInt(query.position), query.treeSize);
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'A consistency proof (RFC 9162) that the log of size `to` extends the log of size `from`' })
  consistency(@Query() query: ConsistencyQuery): ReturnType<Ledger['consistencyProof']> {
    return this.ledger.consistencyProof(query.from, query.to);
  }

  @Get('verification')
  @AccessLogged()
  @ApiOperation({
    summary: 'Checks every hash chain, the tree, every checkpoint and signature; reports the first break by stream, revision and position',
    description: 'With witnesses (WITNESSES, WITNESS_QUORUM) or trusted checkpoints (TRUSTED_CHECKPOINTS_DIR) configured, also checks the log against them; `witnesses` states the newest witnessed checkpoint and how many events lie after it.',
  })
  verification(): ReturnType<Ledger['verify']> {
    return this.ledger.verify([], this.pins());
  }

  @Get('export')
  @AccessLogged()
  @ApiProduces(NDJSON)
  @ApiOperation({
    summary: 'A self-contained NDJSON export: a signed checkpoint over everything exported, every envelope, every recorded checkpoint with its cosignatures',
    description: 'Verify it offline, with no database and no service: `privacy-ledger verify <export> --public-key <file>` (the key from GET /audit/public-key).',
  })
  async export(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    void reply.type(NDJSON).header('content-disposition', 'attachment; filename="privacy-ledger-export.ndjson"');
    // In chunks of whole lines: a Buffer per line, queued in the HTTP layer, outlived young collections.
    return Readable.from(chunksOfLines(await ledgerExport(this.ledger)));
  }
}
