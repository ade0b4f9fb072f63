import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { COMMENT_LIMITS, type CommentCountView, type CommentLogView, type CommentThreadView, type CommentView, type SectionCommentsView } from '@jixiao/evaluation';
import { DATE_TIME } from '../http/api-error.dto';

export class NewCommentDto {
  @ApiProperty({ example: '此处的预算执行率与决算数据不一致，请核对。', maxLength: COMMENT_LIMITS.length })
  @IsString()
  @Length(1, COMMENT_LIMITS.length)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;

  @ApiPropertyOptional({ description: 'The block commented on, 0-based, in the latest revision; omitted: the whole section. Its text is quoted with the comment.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1999)
  blockIndex?: number;
}

export class CommentReplyDto {
  @ApiProperty({ example: '已核对并修改。', maxLength: COMMENT_LIMITS.length })
  @IsString()
  @Length(1, COMMENT_LIMITS.length)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;
}

export class CommentDto implements CommentView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  authorId: string;

  @ApiProperty()
  authorName: string;

  @ApiProperty()
  text: string;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty({ description: 'You wrote it, nobody answered it and it is not resolved: you may withdraw it' })
  mayDelete: boolean;
}

export class CommentLogDto implements CommentLogView {
  @ApiProperty({ enum: ['resolved', 'reopened', 'deleted'] })
  kind: 'resolved' | 'reopened' | 'deleted';

  @ApiProperty({ format: 'uuid' })
  actorId: string;

  @ApiProperty()
  actorName: string;

  @ApiProperty(DATE_TIME)
  at: string;
}

export class CommentThreadDto extends CommentDto implements CommentThreadView {
  @ApiProperty({ type: Number, nullable: true, description: 'The block commented on (0-based); null for the whole section' })
  blockIndex: number | null;

  @ApiProperty({ type: String, nullable: true, description: "The block's text when the comment was written (its start)" })
  blockQuote: string | null;

  @ApiProperty({ description: "The section's revision the comment was written on" })
  revision: number;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  resolvedAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  resolvedById: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolvedByName: string | null;

  @ApiProperty({ type: [CommentDto] })
  replies: CommentDto[];

  @ApiProperty({ type: [CommentLogDto], description: 'Resolved and reopened, oldest first' })
  log: CommentLogDto[];

  @ApiProperty({ description: 'You may mark it resolved (the section’s writer)' })
  mayResolve: boolean;

  @ApiProperty({ description: 'You may reopen it (the writer, or the thread’s author)' })
  mayReopen: boolean;
}

export class SectionCommentsDto implements SectionCommentsView {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  sectionCode: string;

  @ApiProperty({ description: 'Open threads' })
  open: number;

  @ApiProperty({ description: 'You may comment and reply now' })
  mayComment: boolean;

  @ApiProperty({ type: [CommentThreadDto], description: 'Oldest first, each with its replies' })
  threads: CommentThreadDto[];
}

export class CommentCountDto implements CommentCountView {
  @ApiProperty()
  sectionCode: string;

  @ApiProperty({ description: 'Threads not resolved' })
  open: number;

  @ApiProperty()
  total: number;
}
