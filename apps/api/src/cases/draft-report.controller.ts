import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../http/http-types';
import { DraftReportService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { SEALED_PREVIEW_POLICY } from '../http/security-headers';
import { uuidPipe } from '../http/uuid.pipe';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The report as it stands, marked 草稿: rendered on each request by the seal's code, never hashed or stored. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class DraftReportController {
  constructor(private readonly drafts: DraftReportService) {}

  @Get(':id/draft.html')
  @ApiOperation({ summary: 'The report as it stands now as HTML, marked 草稿 (not sealed, not hashed, nothing stored); whoever may read the case, at any state' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML document with a 草稿 banner and watermark', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', SEALED_PREVIEW_POLICY)
  async html(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<string> {
    return (await this.drafts.html(principal, id)).html;
  }

  @Get(':id/draft.docx')
  @ApiOperation({ summary: 'The report as it stands now as a Word document (.docx), marked 草稿 in its page header and title; not sealed, no SHA-256 recorded' })
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'The draft .docx', content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } } })
  async docx(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Res() response: HttpReply): Promise<void> {
    const draft = await this.drafts.docx(principal, id);
    response.header('Content-Disposition', `attachment; filename="report-draft.docx"; filename*=UTF-8''${encodeURIComponent(draft.fileName)}`);
    response.type(DOCX).send(draft.docx);
  }
}
