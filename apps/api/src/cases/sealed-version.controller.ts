import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../http/http-types';
import { DomainError, SealingService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { positiveInt4Pipe } from '../http/int.pipe';
import { SEALED_PREVIEW_POLICY } from '../http/security-headers';
import { uuidPipe } from '../http/uuid.pipe';
import { SealedVersionDto } from './case.responses';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';

/** A version that is not a positive number a version column can hold names nothing: 404 as for a version never sealed. */
const versionPipe = positiveInt4Pipe(
  () => new DomainError('SEALED_VERSION.NOT_FOUND', 'No sealed version with that number exists, or you may not see it.'),
);

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class SealedVersionController {
  constructor(private readonly sealing: SealingService) {}

  @Get(':id/sealed-versions')
  @ApiOperation({ summary: 'The sealed versions of a case: version, SHA-256 of its .docx, who sealed it and when' })
  @ApiOkResponse({ type: [SealedVersionDto] })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<SealedVersionDto[]> {
    return this.sealing.listSealedVersions(principal, id);
  }

  @Get(':id/sealed-versions/:version/document')
  @ApiOperation({ summary: 'The sealed report as a Word document (.docx), exactly as hashed at the seal' })
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'The .docx; its SHA-256 in X-Content-SHA256', content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } } })
  async document(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('version', versionPipe) version: number,
    @Res() response: HttpReply,
  ): Promise<void> {
    const sealed = await this.sealing.sealedDocument(principal, id, version);
    response.header('Content-Disposition', `attachment; filename="report-v${version}.docx"; filename*=UTF-8''${encodeURIComponent(sealed.fileName)}`);
    response.header('X-Content-SHA256', sealed.sha256);
    response.type(DOCX).send(sealed.docx);
  }

  @Get(':id/sealed-versions/:version/pdf')
  @ApiOperation({ summary: 'The sealed report as a PDF (A4), rendered from the same snapshot as the .docx' })
  @ApiProduces(PDF)
  @ApiOkResponse({ description: 'The PDF; its SHA-256 in X-Content-SHA256', content: { [PDF]: { schema: { type: 'string', format: 'binary' } } } })
  async pdf(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('version', versionPipe) version: number,
    @Res() response: HttpReply,
  ): Promise<void> {
    const sealed = await this.sealing.sealedPdf(principal, id, version);
    response.header('Content-Disposition', `attachment; filename="report-v${version}.pdf"; filename*=UTF-8''${encodeURIComponent(sealed.fileName)}`);
    response.header('X-Content-SHA256', sealed.sha256);
    response.type(PDF).send(sealed.pdf);
  }

  @Get(':id/sealed-versions/:version/preview')
  @ApiOperation({ summary: 'The sealed report as HTML, for a preview' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML document', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', SEALED_PREVIEW_POLICY)
  async preview(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Param('version', versionPipe) version: number): Promise<string> {
    return (await this.sealing.sealedDocument(principal, id, version)).html;
  }
}
