import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecurityLog, type Principal } from '@jixiao/evaluation';
import { ApiErrorResponses } from '../http/api-error.dto';
import { PageQuery } from '../http/page.query';
import { SecurityEventPageDto } from './auth.responses';
import { CurrentPrincipal } from './current-principal.decorator';

@ApiTags('auth')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('security-events')
export class SecurityEventController {
  constructor(private readonly securityLog: SecurityLog) {}

  @Get()
  @ApiOperation({
    summary: "The security log of your organisation's people, newest first",
    description: 'Sign-ins, sign-outs, refreshes, password changes and refused requests. For unit admins and finance officers.',
  })
  @ApiOkResponse({ type: SecurityEventPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<SecurityEventPageDto> {
    return this.securityLog.list(principal, page);
  }
}
