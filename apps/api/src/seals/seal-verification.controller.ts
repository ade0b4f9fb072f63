import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpRequest } from '../http/http-types';
import { DomainError, SealVerificationService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Public } from '../auth/public.decorator';
import { RequestRateLimiter } from '../auth/request-rate-limiter';
import { ApiErrorResponses } from '../http/api-error.dto';
import { contentType, rawBody } from '../http/upload';
import { SealVerificationDto } from './seal-verification.dto';

/** A sealed report is a few hundred kilobytes; a published copy with scanned pages stays well under this. */
const PDF_LIMIT_BYTES = 20 * 1024 * 1024;
const PDF_TYPES = new Set(['application/pdf', 'application/octet-stream']);
/** Checks of one address through public links, per minute: a person checks a file or two; hashing 20 MB a time for a crawler is not the service's job. */
const PUBLIC_CHECKS_PER_MINUTE = 20;

/** The PDF in the body: sent as a PDF, within the limit, and starting as PDFs do (`%PDF-` in the first kilobyte). */
async function pdfBody(request: HttpRequest): Promise<Buffer> {
  if (!PDF_TYPES.has(contentType(request))) throw new DomainError('PDF.WRONG_MEDIA_TYPE', `The file was sent as "${contentType(request)}", not application/pdf.`);
  const bytes = await rawBody(request, PDF_LIMIT_BYTES);
  if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new DomainError('PDF.NOT_A_PDF', 'The body does not start as a PDF.');
  return bytes;
}

const VERIFY_BODY = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('seals')
@ApiErrorResponses()
@Controller()
export class SealVerificationController {
  private readonly publicChecks = new RequestRateLimiter(PUBLIC_CHECKS_PER_MINUTE);

  constructor(private readonly verification: SealVerificationService) {}

  @Post('seals/verify')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Verify a sealed PDF (核验电子签章): which unit sealed it, which report and version, when, whether intact, whether its signature is valid, whether replaced',
    description:
      'The body is the PDF (Content-Type application/pdf, at most 20 MB). Any signed-in person. The file is found by its SHA-256: a PDF changed after sealing is answered found: false. ' +
      'The case id and the public link come only to someone who may see the case.',
  })
  @ApiConsumes('application/pdf')
  @ApiBody(VERIFY_BODY)
  @ApiOkResponse({ type: SealVerificationDto })
  async verify(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest): Promise<SealVerificationDto> {
    return this.verification.verifyFile(principal, await pdfBody(request));
  }

  @Get('public/seals/:token')
  @Public()
  @ApiOperation({
    summary: "A sealed version's public verification link (公开核验), without sign-in",
    description: "The version's unit, report, date and electronic seal, the signature checked over the sealed PDF. 404 SEAL.VERIFICATION_NOT_FOUND when the link names nothing or the campaign keeps its links closed.",
  })
  @ApiOkResponse({ type: SealVerificationDto })
  async link(@Param('token') token: string): Promise<SealVerificationDto> {
    return this.verification.verifyLink(token, null);
  }

  @Post('public/seals/:token/check')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: "Check a PDF against a sealed version's public link, without sign-in: intact tells whether it is that version's PDF, byte for byte",
    description: `At most ${PUBLIC_CHECKS_PER_MINUTE} checks a minute from one address (429 REQUEST.RATE_LIMITED).`,
  })
  @ApiConsumes('application/pdf')
  @ApiBody(VERIFY_BODY)
  @ApiOkResponse({ type: SealVerificationDto })
  async check(@Param('token') token: string, @Req() request: HttpRequest): Promise<SealVerificationDto> {
    const decision = this.publicChecks.take(request.ip ?? 'unknown', Date.now());
    if (!decision.allowed) throw new DomainError('REQUEST.RATE_LIMITED', 'Too many public checks from this address.', { retryAfterSeconds: decision.retryAfterSeconds });
    // The link first: a link that names nothing is 404 whatever the body, and the file is then not read.
    const link = await this.verification.openLink(token);
    return this.verification.checkOpened(link, await pdfBody(request));
  }
}
