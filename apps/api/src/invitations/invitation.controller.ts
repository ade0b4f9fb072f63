import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvitationAcceptanceService, InvitationService, type Principal } from '@jixiao/evaluation';
import type { HttpRequest } from '../http/http-types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Public } from '../auth/public.decorator';
import { requestOrigin } from '../auth/request-origin';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { AcceptInvitationDto, InvitationListQuery } from './invitation.dto';
import { InvitationAcceptedDto, InvitationDto, InvitationLinkDto, InvitationSentDto } from './invitation.responses';

@ApiTags('invitations')
@ApiErrorResponses()
@Controller()
export class InvitationController {
  constructor(
    private readonly invitations: InvitationService,
    private readonly acceptance: InvitationAcceptanceService,
  ) {}

  @Post('users/:id/invitation')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Send the invitation again; the previous link stops working',
    description:
      "The organisation's admin for its people, a finance officer for the administrators of their bureau's units, the system " +
      'administrator for the officers of a bureau (403 INVITATION.ROLE_NOT_ALLOWED otherwise). 409 INVITATION.ALREADY_ACCEPTED for an account that has a password.',
  })
  @ApiCreatedResponse({ type: InvitationSentDto })
  resend(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string): Promise<InvitationSentDto> {
    return this.invitations.resend(principal, id);
  }

  @Get('invitations')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The latest invitation of every account the caller may invite',
    description: "A unit admin: the unit's people; a finance officer: the bureau's officers and its units' administrators; the system administrator: the bureaus' officers.",
  })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: InvitationListQuery): Promise<InvitationDto[]> {
    return this.invitations.list(principal, query.state ?? null);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOperation({
    summary: 'Whose account an invitation link opens (the public 设置密码 page)',
    description:
      'No sign-in. 404 INVITATION.NOT_FOUND for an unknown link; 410 INVITATION.EXPIRED, INVITATION.USED or INVITATION.REVOKED. Failed look-ups count against the address like failed sign-ins (429 AUTH.TOO_MANY_ATTEMPTS).',
  })
  @ApiOkResponse({ type: InvitationLinkDto })
  describe(@Param('token') token: string, @Req() request: HttpRequest): Promise<InvitationLinkDto> {
    return this.acceptance.describe(token, requestOrigin(request));
  }

  @Public()
  @Post('invitations/:token/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: "Set the account's password through the invitation link; the link works once",
    description: 'The password policy applies (422 AUTH.PASSWORD_TOO_WEAK). The same refusals as the look-up; of two accepts at once exactly one succeeds.',
  })
  @ApiOkResponse({ type: InvitationAcceptedDto })
  accept(@Param('token') token: string, @Body() body: AcceptInvitationDto, @Req() request: HttpRequest): Promise<InvitationAcceptedDto> {
    return this.acceptance.accept(token, body.password, requestOrigin(request));
  }
}
