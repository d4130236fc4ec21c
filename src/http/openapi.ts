import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiExtraModels,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
} from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard.js';
import { ROUTE_PERMISSIONS } from '../auth/permissions.js';
import { completeDocument } from './openapi/complete-document.js';

/** One message of a 400 validation-failed: where in the body (a JSON pointer) and what is wrong. */
export class ProblemFieldErrorSchema {
  @ApiProperty({ example: '/reportedAt' }) pointer!: string;
  @ApiProperty({ example: 'reportedAt must be an ISO-8601 date-time with an offset' }) message!: string;
}

/** RFC 9457 problem details, as every error is answered (application/problem+json); a code may add members of its own. */
@ApiExtraModels(ProblemFieldErrorSchema)
export class ProblemDetailsSchema {
  @ApiProperty({ description: 'urn:privacy-ledger:problem:<code>' }) type!: string;
  @ApiProperty({ description: "the HTTP status's reason phrase" }) title!: string;
  @ApiProperty({ type: 'integer' }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ description: 'the path and query of the request' }) instance!: string;
  @ApiProperty({ description: 'stable, machine-readable: branch on it' }) code!: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorSchema], description: 'with 400 validation-failed: a JSON pointer into the body and a message per field' })
  errors?: ProblemFieldErrorSchema[];
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'with 409 revision-conflict: the revision to base a retry on (null: the stream does not exist)' }) currentRevision?: number | null;
  @ApiPropertyOptional({ description: 'with 403: the permission the route needs' }) permission?: string;
}

export class CommandResponseSchema {
  @ApiProperty({ example: '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11' }) breachId!: string;
  @ApiProperty({ example: 3, description: 'the revision after the command; send it as If-Match next time' }) revision!: number;
  @ApiProperty({ example: '1042', description: 'the position in the log (a 64-bit number as a string): minPosition for reading your write' }) position!: string;
}

/** A problem a route documents itself (completeDocument adds the ones every route of its kind shares). */
export const problemResponse = (status: number, description: string) => ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsSchema' } } } });

/**
 * The documentation every command endpoint shares: headers, the answer, an example. The answer's
 * schema is the route's return type (completeDocument); `response`, the documentation class some
 * routes still name, is no longer read and can go with those classes.
 */
export function ApiCommand(options: { summary: string; description?: string; request: new () => object; example: object; response?: new () => object; creates?: boolean }) {
  return applyDecorators(
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ApiBody({ type: options.request, examples: { example: { summary: options.summary, value: options.example } } }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'makes a retry safe: the same key returns the original response; the same key with another body is refused (422)' }),
    ...(options.creates ? [] : [ApiHeader({ name: 'If-Match', required: false, description: 'the revision the command is based on, e.g. "3"; 409 when the breach has moved on' })]),
    // The answer's schema comes from the route's return type, the problems from completeDocument (openapi/complete-document.ts).
    ApiCreatedResponse({ description: 'accepted and recorded; a replayed retry carries Idempotent-Replayed: true' }),
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
  const document = completeDocument(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsSchema] }), ROUTE_PERMISSIONS);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
