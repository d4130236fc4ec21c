import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** A version of the prepared AP form, as GET /breaches/{id}/ap-notification names it. */
export class ApNotificationVersionRequest {
  @ApiProperty({ example: 3, description: 'the revision of the breach the form was prepared from' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @ApiProperty({ example: 'bbb2be2288738d1735e905d846ca54dfc3ae117b132f048bcb64df1421e9b6d4', description: 'the sha256 of its answers (64 lowercase hex digits)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hexadecimal digits' })
  sha256!: string;
}
