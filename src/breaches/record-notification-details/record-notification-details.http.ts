import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiPropertyOptional, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsNotEmpty, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand, CommandResponseSchema } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';
import {
  DATA_SUBJECT_CATEGORIES,
  LIKELY_CONSEQUENCES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_DETAIL_FIELDS,
  OTHER_EEA_STATES,
  PROTECTION_ANSWERS,
  PROTECTION_METHODS,
  YES_NO_UNKNOWN,
  type DataSubjectCategory,
  type LikelyConsequence,
  type NotificationChannel,
  type OtherEeaState,
  type ProtectionAnswer,
  type ProtectionMethod,
  type YesNoUnknown,
} from '../breach.events.js';
import { DataSubjectCountRequest, LINE_MAX, TEXT_MAX } from '../breach-request-parts.js';
import { RecordNotificationDetailsCommand, type RecordNotificationDetails } from './record-notification-details.js';

/** Left out: unchanged. Null: the earlier answer is withdrawn. Anything else is validated. */
const Given = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);
const Text = (max: number) => [IsString(), IsNotEmpty(), MaxLength(max)];
const apply = (...decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));
const IsCodes = (codes: readonly string[], min = 0) => apply(IsArray(), ArrayMinSize(min), ArrayMaxSize(codes.length), ArrayUnique(), IsIn(codes, { each: true }));

export class CrossBorderRequest {
  @ApiProperty({ enum: YES_NO_UNKNOWN, example: 'yes', description: 'are data subjects in other EU/EEA states affected?' })
  @IsIn(YES_NO_UNKNOWN)
  otherStatesAffected!: YesNoUnknown;

  @ApiProperty({ enum: OTHER_EEA_STATES, isArray: true, example: ['DE'], description: 'the other EU/EEA states (ISO 3166-1 alpha-2, Greece EL); empty unless "yes"' })
  @IsCodes(OTHER_EEA_STATES)
  states!: OtherEeaState[];

  @ApiPropertyOptional({type: String,  nullable: true, example: 'Der Landesbeauftragte für Datenschutz Nordrhein-Westfalen', description: 'the lead supervisory authority (Art. 56), only with "yes"' })
  @Given()
  @apply(...Text(LINE_MAX))
  leadAuthority?: string | null;
}

export class ProcessorNotificationRequest {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'email', description: 'how the processor informed the municipality' })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: NotificationChannel;

  @ApiPropertyOptional({type: String,  nullable: true, example: 'Mail from the print shop\'s security officer to the privacy desk.', maxLength: TEXT_MAX })
  @Given()
  @apply(...Text(TEXT_MAX))
  explanation?: string | null;
}

export class ApContactRequest {
  @ApiProperty({ example: 'A. de Wit', maxLength: LINE_MAX })
  @apply(...Text(LINE_MAX))
  name!: string;

  @ApiProperty({ example: 'privacy officer', maxLength: LINE_MAX, description: 'function (the AP form asks for it)' })
  @apply(...Text(LINE_MAX))
  jobTitle!: string;

  @ApiProperty({ example: '+31 20 123 4567', description: 'digits, spaces, +, -, ( and )' })
  @Matches(/^\+?[0-9][0-9 ()-]{5,30}$/, { message: 'phone must be a telephone number: digits, spaces, +, - and parentheses' })
  phone!: string;

  @ApiPropertyOptional({type: String,  nullable: true, example: 'privacy@gemeente.example' })
  @Given()
  @IsEmail()
  @MaxLength(LINE_MAX)
  email?: string | null;
}

export class DataProtectionRequest {
  @ApiProperty({ enum: PROTECTION_ANSWERS, example: 'partly', description: 'was the data encrypted, hashed or otherwise unintelligible to others?' })
  @IsIn(PROTECTION_ANSWERS)
  answer!: ProtectionAnswer;

  @ApiProperty({ enum: PROTECTION_METHODS, isArray: true, example: ['encryption'], description: 'at least one with "yes" or "partly"; none with "no" or "unknown"' })
  @IsCodes(PROTECTION_METHODS)
  methods!: ProtectionMethod[];

  @ApiPropertyOptional({type: String,  nullable: true, example: 'The laptop disk was encrypted; the USB stick was not.', maxLength: TEXT_MAX })
  @Given()
  @apply(...Text(TEXT_MAX))
  description?: string | null;
}

export class DataSubjectCommunicationRequest {
  @ApiProperty({ example: 'Dear resident, on 1 March a letter about your application was sent to a wrong address …', maxLength: TEXT_MAX })
  @apply(...Text(TEXT_MAX))
  text!: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true, example: ['letter'] })
  @IsCodes(NOTIFICATION_CHANNELS, 1)
  channels!: NotificationChannel[];
}

export class RecordNotificationDetailsRequest {
  @ApiPropertyOptional({ enum: DATA_SUBJECT_CATEGORIES, isArray: true, nullable: true, example: ['residents', 'minors'] })
  @Given()
  @IsCodes(DATA_SUBJECT_CATEGORIES, 1)
  dataSubjectCategories?: DataSubjectCategory[] | null;

  @ApiPropertyOptional({type: String,  nullable: true, example: 'Applicants for youth care and their children.', maxLength: TEXT_MAX })
  @Given()
  @apply(...Text(TEXT_MAX))
  dataSubjectCategoriesExplanation?: string | null;

  @ApiPropertyOptional({ type: DataSubjectCountRequest, nullable: true, description: 'how many records (gegevensrecords) are affected: exact, a range, or unknown' })
  @Given()
  @ValidateNested()
  @Type(() => DataSubjectCountRequest)
  recordCount?: DataSubjectCountRequest | null;

  @ApiPropertyOptional({ enum: LIKELY_CONSEQUENCES, isArray: true, nullable: true, example: ['stigmatisation-or-exclusion'] })
  @Given()
  @IsCodes(LIKELY_CONSEQUENCES, 1)
  likelyConsequences?: LikelyConsequence[] | null;

  @ApiPropertyOptional({type: String,  nullable: true, example: 'The neighbour learns that the family receives youth care.', maxLength: TEXT_MAX })
  @Given()
  @apply(...Text(TEXT_MAX))
  consequencesExplanation?: string | null;

  @ApiPropertyOptional({ type: CrossBorderRequest, nullable: true })
  @Given()
  @ValidateNested()
  @Type(() => CrossBorderRequest)
  crossBorder?: CrossBorderRequest | null;

  @ApiPropertyOptional({ type: ProcessorNotificationRequest, nullable: true, description: 'how the processor informed the municipality (only for a breach a processor reported)' })
  @Given()
  @ValidateNested()
  @Type(() => ProcessorNotificationRequest)
  processorNotification?: ProcessorNotificationRequest | null;

  @ApiPropertyOptional({ type: ApContactRequest, nullable: true, description: 'whom the AP may contact about the notification' })
  @Given()
  @ValidateNested()
  @Type(() => ApContactRequest)
  contact?: ApContactRequest | null;

  @ApiPropertyOptional({type: String,  nullable: true, example: 'Addresses are checked against the population register before sending.', maxLength: TEXT_MAX, description: 'the technical and organisational measures in place before the breach' })
  @Given()
  @apply(...Text(TEXT_MAX))
  measuresBeforeBreach?: string | null;

  @ApiPropertyOptional({ type: DataProtectionRequest, nullable: true })
  @Given()
  @ValidateNested()
  @Type(() => DataProtectionRequest)
  protection?: DataProtectionRequest | null;

  @ApiPropertyOptional({ type: DataSubjectCommunicationRequest, nullable: true, description: 'the text of the communication to the data subjects and its channels (Art. 34(2))' })
  @Given()
  @ValidateNested()
  @Type(() => DataSubjectCommunicationRequest)
  dataSubjectCommunication?: DataSubjectCommunicationRequest | null;

  toCommand(): RecordNotificationDetails {
    const trim = (text: string | null | undefined) => (text === undefined || text === null ? text : text.trim());
    const given: Record<string, unknown> = {
      dataSubjectCategories: this.dataSubjectCategories,
      dataSubjectCategoriesExplanation: trim(this.dataSubjectCategoriesExplanation),
      recordCount: this.recordCount && this.recordCount.toDataSubjectCount(),
      likelyConsequences: this.likelyConsequences,
      consequencesExplanation: trim(this.consequencesExplanation),
      crossBorder: this.crossBorder && { otherStatesAffected: this.crossBorder.otherStatesAffected, states: this.crossBorder.states, leadAuthority: trim(this.crossBorder.leadAuthority) ?? null },
      processorNotification: this.processorNotification && { channel: this.processorNotification.channel, explanation: trim(this.processorNotification.explanation) ?? null },
      contact: this.contact && { name: this.contact.name.trim(), jobTitle: this.contact.jobTitle.trim(), phone: this.contact.phone.trim(), email: this.contact.email ?? null },
      measuresBeforeBreach: trim(this.measuresBeforeBreach),
      protection: this.protection && { answer: this.protection.answer, methods: this.protection.methods, description: trim(this.protection.description) ?? null },
      dataSubjectCommunication: this.dataSubjectCommunication && { text: this.dataSubjectCommunication.text.trim(), channels: this.dataSubjectCommunication.channels },
    };
    return Object.fromEntries(NOTIFICATION_DETAIL_FIELDS.filter((field) => given[field] !== undefined).map((field) => [field, given[field]])) as RecordNotificationDetails;
  }
}

const EXAMPLE = {
  dataSubjectCategories: ['residents', 'minors'],
  recordCount: { kind: 'exact', count: 1 },
  likelyConsequences: ['stigmatisation-or-exclusion'],
  consequencesExplanation: 'The neighbour learns that the family receives youth care.',
  crossBorder: { otherStatesAffected: 'no', states: [], leadAuthority: null },
  contact: { name: 'A. de Wit', jobTitle: 'privacy officer', phone: '+31 20 123 4567', email: 'privacy@gemeente.example' },
  measuresBeforeBreach: 'Addresses are checked against the population register before sending.',
  protection: { answer: 'no', methods: [], description: null },
  dataSubjectCommunication: { text: 'Dear resident, on 1 March a letter about your application was sent to a wrong address.', channels: ['letter'] },
};

@ApiTags('breaches')
@Controller('breaches')
export class RecordNotificationDetailsRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/notification-details')
  @HttpCode(201)
  @ApiCommand({
    summary: "Record answers to the AP notification form's questions that the registration does not hold",
    description:
      'Categories of data subjects (minors, vulnerable groups), the number of records, likely consequences, other EU/EEA states and the lead authority, how a processor informed the municipality, ' +
      'the contact for the AP, the measures in place before the breach, the technical protection of the data, and the text and channels of the communication to the data subjects. ' +
      'Every field is optional: a field left out keeps its earlier answer, null withdraws it. Each call records a new event (NotificationDetailsRecorded); refused once the breach is closed.',
    request: RecordNotificationDetailsRequest,
    response: CommandResponseSchema,
    example: EXAMPLE,
  })
  async record(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: RecordNotificationDetailsRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<RecordNotificationDetailsCommand, CommandOutcome>(new RecordNotificationDetailsCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
