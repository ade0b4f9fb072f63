import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DomainError,
  MailAdminService,
  MailboxService,
  NotificationPreferences,
  type Principal,
} from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { PageQuery } from '../http/page.query';
import { uuidPipe } from '../http/uuid.pipe';
import { AdminMailQuery, NotificationPreferencesDto } from './mail.dto';
import { MailboxMessageDto, MailboxPageDto, NotificationPreferencesViewDto, OutboxDto, OutboxPageDto } from './mail.responses';

@ApiTags('mail')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('admin/mail')
export class MailAdminController {
  constructor(private readonly mail: MailAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'Mail deliveries of your people, newest first (failed ones by default)',
    description: "Unit admins see their unit's people; finance officers their bureau's and the units of their campaigns.",
  })
  @ApiOkResponse({ type: OutboxPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AdminMailQuery): Promise<OutboxPageDto> {
    return this.mail.list(principal, query.status, query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed delivery again: back to pending with its attempts reset (409 unless failed)' })
  @ApiOkResponse({ type: OutboxDto })
  retry(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('mail')) id: string): Promise<OutboxDto> {
    return this.mail.retry(principal, id);
  }
}

/** A malformed message id names nothing: the same 404 as a message that is not in your mailbox. */
const messageId = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError('MAILBOX.MESSAGE_NOT_FOUND', 'No message with that id is in your mailbox.'),
});

@ApiTags('mail')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('mailbox')
export class MailboxController {
  constructor(private readonly mailbox: MailboxService) {}

  @Get()
  @ApiOperation({
    summary: 'The local mailbox (no SMTP_URL): messages sent to you; mail admins see their people’s',
    description: '404 MAILBOX.NOT_IN_USE when mail goes out through SMTP_URL.',
  })
  @ApiOkResponse({ type: MailboxPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<MailboxPageDto> {
    return this.mailbox.list(principal, page);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One message of the local mailbox: headers, plain text and HTML' })
  @ApiOkResponse({ type: MailboxMessageDto })
  read(@CurrentPrincipal() principal: Principal, @Param('id', messageId) id: string): Promise<MailboxMessageDto> {
    return this.mailbox.read(principal, id);
  }
}

@ApiTags('me')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferences) {}

  @Get()
  @ApiOperation({ summary: 'Your mail preference: single reminders, or one daily digest' })
  @ApiOkResponse({ type: NotificationPreferencesViewDto })
  get(@CurrentPrincipal() principal: Principal): Promise<NotificationPreferencesViewDto> {
    return this.preferences.get(principal);
  }

  @Put()
  @ApiOperation({ summary: 'Choose one daily digest (digest: true) or single reminders; 催办 always come at once' })
  @ApiOkResponse({ type: NotificationPreferencesViewDto })
  set(@CurrentPrincipal() principal: Principal, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferencesViewDto> {
    return this.preferences.set(principal, body.digest);
  }
}
