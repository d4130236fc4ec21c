import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
} from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard.js';

export class ProblemDetailsSchema {
  @ApiProperty({ example: 'urn:privacy-ledger:problem:late-report-requires-reason' }) type!: string;
  @ApiProperty({ example: 'Unprocessable Content' }) title!: string;
  @ApiProperty({ example: 422 }) status!: number;
  @ApiProperty({ example: 'the report is 30.5 hours late and carries no reason for the delay' }) detail!: string;
  @ApiProperty({ example: '/breaches/0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11/ap-reports' }) instance!: string;
  @ApiProperty({ example: 'late-report-requires-reason', description: 'stable, machine-readable' }) code!: string;
  @ApiPropertyOptional({ description: 'validation errors: a JSON pointer into the body and a message each', example: [{ pointer: '/reportedAt', message: 'reportedAt must be an ISO-8601 date-time with an offset' }] })
  errors?: { pointer: string; message: string }[];
  @ApiPropertyOptional({ description: 'with 409: the revision to base a retry on', example: 4 }) currentRevision?: number | null;
}

export class CommandResponseSchema {
  @ApiProperty({ example: '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11' }) breachId!: string;
  @ApiProperty({ example: 3, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

export const problemResponse = (status: number, description: string) => ApiResponse({ status, description, type: ProblemDetailsSchema, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsSchema' } } } });

/** The documentation every command endpoint shares: headers, answers, problems, an example. */
export function ApiCommand(options: { summary: string; description?: string; request: new () => object; example: object; response?: new () => object; creates?: boolean }) {
  return applyDecorators(
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ApiBody({ type: options.request, examples: { example: { summary: options.summary, value: options.example } } }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'makes a retry safe: the same key returns the original response; the same key with another body is refused (422)' }),
    ...(options.creates ? [] : [ApiHeader({ name: 'If-Match', required: false, description: 'the revision the command is based on, e.g. "3"; 409 when the breach has moved on' })]),
    ApiCreatedResponse({ type: options.response ?? CommandResponseSchema, description: 'accepted and recorded; a replayed retry carries Idempotent-Replayed: true' }),
    problemResponse(400, 'the request is malformed: a message per field'),
    problemResponse(404, 'there is no such breach'),
    problemResponse(409, 'If-Match does not match the current revision, which the problem names'),
    problemResponse(413, 'the body is too large'),
    problemResponse(415, 'the body is not application/json'),
    problemResponse(422, 'a rule of the domain refuses the command; `code` says which'),
  );
}

/** OpenAPI generated from the code: the document at /docs-json, the UI at /docs. */
export function setUpOpenApi(app: NestFastifyApplication, docsPublic: boolean): void {
  if (!docsPublic) {
    // The documentation is then for authenticated callers only (any role).
    const guard = app.get(AuthGuard);
    app.getHttpAdapter().getInstance().addHook('onRequest', async (request) => {
      if (request.url === '/docs' || request.url.startsWith('/docs/') || request.url.startsWith('/docs-json')) await guard.authenticate(request.headers.authorization);
    });
  }
  const config = new DocumentBuilder()
    .setTitle('Privacy Ledger')
    .setDescription(
      'Event-sourced ledger of personal-data breaches and their 72-hour reporting to the Autoriteit Persoonsgegevens. ' +
        'Commands are POSTs; every error is RFC 9457 problem+json with a stable `code`. Times are ISO-8601 with an offset; ' +
        'they are stored and returned in UTC.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key (npm run keys:create) or a JWT of the identity provider' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
