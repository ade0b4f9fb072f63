import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { MarkNotificationsReadDto, NotificationListQuery } from './notification.dto';
import { NotificationCountDto, NotificationPageDto, NotificationsMarkedDto } from './notification.responses';

@ApiTags('me')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('me/notifications')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @ApiOperation({
    summary: 'Your in-console notifications (站内通知), newest first, with your unread count',
    description: 'Written in the transaction of the step they tell of: returns, approvals needed, 催办, tasks handed over, submissions and their answers.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationListQuery): Promise<NotificationPageDto> {
    return this.notifications.list(principal, query);
  }

  @Get('count')
  @ApiOperation({ summary: 'Your unread notifications: one indexed count, for the console to poll' })
  @ApiOkResponse({ type: NotificationCountDto })
  count(@CurrentPrincipal() principal: Principal): Promise<NotificationCountDto> {
    return this.notifications.unreadCount(principal);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark your notifications read: those of ids, or all of them with all: true' })
  @ApiOkResponse({ type: NotificationsMarkedDto })
  markRead(@CurrentPrincipal() principal: Principal, @Body() body: MarkNotificationsReadDto): Promise<NotificationsMarkedDto> {
    return this.notifications.markRead(principal, body.all === true ? null : (body.ids ?? []));
  }
}
