import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min, isInt, matches, max, min } from 'class-validator';
import { isRecord, onlyKeys } from '../../http/precompiled-body.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** A version of the prepared AP form, as GET /breaches/{id}/ap-notification names it. */
export class ApNotificationVersionRequest {
  @ApiProperty({ example: 3, description: 'the revision of the breach the form was prepared from' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @ApiProperty({ example: 'bbb2be2288738d1735e905d846ca54dfc3ae117b132f048bcb64df1421e9b6d4', description: 'the sha256 of its answers (64 lowercase hex digits)' })
  @Matches(SHA256, { message: 'sha256 must be 64 lowercase hexadecimal digits' })
  sha256!: string;
}

const VERSION_KEYS: ReadonlySet<string> = new Set(['revision', 'sha256']);

/** ApNotificationVersionRequest's decorators as an accepting check (src/http/precompiled-body.ts). */
export function acceptedApNotificationVersion(value: unknown): ApNotificationVersionRequest | undefined {
  if (!isRecord(value) || !onlyKeys(value, VERSION_KEYS)) return undefined;
  const { revision, sha256 } = value;
  if (!(isInt(revision) && min(revision, 0) && max(revision, Number.MAX_SAFE_INTEGER)) || !(typeof sha256 === 'string' && matches(sha256, SHA256))) return undefined;
  return Object.assign(new ApNotificationVersionRequest(), value);
}
