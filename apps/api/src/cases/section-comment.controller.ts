import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SectionCommentService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { CommentCountDto, CommentReplyDto, NewCommentDto, SectionCommentsDto } from './section-comment.dto';

const WHO = "The section's writer, its approvers (the group leader, deputies whose remit covers it) and the compilers; anyone else in the case's unit gets 403 COMMENT.ROLE_NOT_ALLOWED, outside it 404.";

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class SectionCommentController {
  constructor(private readonly comments: SectionCommentService) {}

  @Get(':id/comment-counts')
  @ApiOperation({ summary: 'Open and all comment threads per section, for the sections whose comments you take part in' })
  @ApiOkResponse({ type: [CommentCountDto] })
  counts(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<CommentCountDto[]> {
    return this.comments.counts(principal, id);
  }

  @Get(':id/sections/:code/comments')
  @ApiOperation({ summary: "A section's comment threads, with what you may do to each", description: WHO })
  @ApiOkResponse({ type: SectionCommentsDto })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Param('code') code: string): Promise<SectionCommentsDto> {
    return this.comments.list(principal, id, code);
  }

  @Post(':id/sections/:code/comments')
  @ApiOperation({
    summary: 'Comment on a section, or on one block of it',
    description: `${WHO} Only during self-assessment and internal review (409 COMMENT.SECTION_CLOSED). Answers the section's threads.`,
  })
  @ApiCreatedResponse({ type: SectionCommentsDto })
  create(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Param('code') code: string, @Body() body: NewCommentDto): Promise<SectionCommentsDto> {
    return this.comments.create(principal, id, code, body);
  }

  @Post(':id/sections/:code/comments/:commentId/replies')
  @ApiOperation({ summary: "Reply to a thread's first comment", description: WHO })
  @ApiCreatedResponse({ type: SectionCommentsDto })
  reply(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Param('commentId', uuidPipe('comment')) commentId: string,
    @Body() body: CommentReplyDto,
  ): Promise<SectionCommentsDto> {
    return this.comments.reply(principal, id, code, commentId, body);
  }

  @Post(':id/sections/:code/comments/:commentId/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a thread resolved (the section’s writer); a second resolve answers 409 COMMENT.ALREADY_RESOLVED' })
  @ApiOkResponse({ type: SectionCommentsDto })
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Param('commentId', uuidPipe('comment')) commentId: string,
  ): Promise<SectionCommentsDto> {
    return this.comments.resolve(principal, id, code, commentId);
  }

  @Post(':id/sections/:code/comments/:commentId/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a resolved thread (the section’s writer or the thread’s author)' })
  @ApiOkResponse({ type: SectionCommentsDto })
  reopen(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Param('commentId', uuidPipe('comment')) commentId: string,
  ): Promise<SectionCommentsDto> {
    return this.comments.reopen(principal, id, code, commentId);
  }

  @Delete(':id/sections/:code/comments/:commentId')
  @ApiOperation({ summary: 'Withdraw a comment of yours that nobody has answered and that is not resolved' })
  @ApiOkResponse({ type: SectionCommentsDto })
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Param('commentId', uuidPipe('comment')) commentId: string,
  ): Promise<SectionCommentsDto> {
    return this.comments.remove(principal, id, code, commentId);
  }
}
