import { Controller, Get, Query, Res } from '@nestjs/common';
import type { HttpReply } from '../http/http-types';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SecurityLog, type Principal } from '@jixiao/evaluation';
import { ApiErrorResponses } from '../http/api-error.dto';
import { PageQuery } from '../http/page.query';
import { XLSX } from '../http/upload';
import { SecurityEventPageDto } from './auth.responses';
import { CurrentPrincipal } from './current-principal.decorator';
import { SecurityEventExportQuery } from './security-event.dto';

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

  @Get('export')
  @ApiOperation({
    summary: 'Every security event of a date range, oldest first, as .xlsx or CSV, for auditors (the system administrator)',
    description: 'Dates in Asia/Shanghai, both days included; at most 366 days and 200,000 events per file.',
  })
  @ApiProduces(XLSX, 'text/csv')
  @ApiOkResponse({
    description: 'One row an event under Chinese headers: .xlsx, or CSV in UTF-8 with a byte-order mark',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: SecurityEventExportQuery, @Res() response: HttpReply): Promise<void> {
    const file = await this.securityLog.export(principal, query, query.format);
    response.header('Content-Disposition', `attachment; filename="security-events.${query.format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    response.type(file.contentType).send(file.bytes);
  }
}
