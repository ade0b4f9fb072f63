import type { components } from './schema';

/*
 * What the API answers (and the one event body the console assembles), under the names the pages
 * use: each is a schema of the service's OpenAPI document, generated into schema.d.ts by
 * `npm run web:types`, never a second copy.
 */
export type Schemas = components['schemas'];

export type ApiErrorBody = Schemas['ApiErrorDto'];
/** A lifecycle event as the console sends it; the version on screen is added when it goes. */
export type EventBody = Omit<Schemas['CaseEventDto'], 'expectedVersion'>;
export type SessionUser = Schemas['SessionUserDto'];
export type LoginAnswer = Schemas['SignInDto'];
export type SignInOptions = Schemas['SignInOptionsDto'];

/** A page of items as every list route answers it. */
export type Page<T> = Omit<Schemas['CasePageDto'], 'items'> & { items: T[] };

export type CampaignView = Schemas['CampaignDto'];
export type CaseSummary = Schemas['CaseSummaryDto'];
export type GroupMember = Schemas['GroupMemberDto'];
export type SectionView = Schemas['SectionViewDto'];
export type CaseDetail = Schemas['CaseDetailDto'];
export type HistoryEntry = Schemas['HistoryEntryDto'];
export type TaskView = Schemas['TaskDto'];
export type TaskList = Schemas['TaskListDto'];
export type SectionContent = Schemas['SectionContentDto'];
export type SectionRevision = Schemas['SectionRevisionDto'];
/** A paragraph, heading or table of a section, as answered and as saved. */
export type SectionBlock = SectionContent['blocks'][number];
export type ReportProblem = Schemas['ReportProblemDto'];
export type DataTableView = Schemas['DataTableDto'];
export type IndicatorScoresView = Schemas['IndicatorScoresDto'];
export type SealedVersion = Schemas['SealedVersionDto'];
export type OrganisationView = Schemas['OrganisationDto'];
export type PersonView = Schemas['PersonDto'];
export type InvitationView = Schemas['InvitationDto'];
export type InvitationLink = Schemas['InvitationLinkDto'];
export type InvitationAccepted = Schemas['InvitationAcceptedDto'];
export type InvitationSent = Schemas['InvitationSentDto'];
export type BureauView = Schemas['BureauDto'];
export type PeopleImportView = Schemas['PeopleImportDto'];
export type PeopleImportProblem = Schemas['PeopleImportProblemDto'];
export type Phrase = Schemas['PhraseDto'];
export type PhraseKind = Schemas['PhraseKind'];
export type SectionComments = Schemas['SectionCommentsDto'];
export type CommentThread = Schemas['CommentThreadDto'];
export type CommentCount = Schemas['CommentCountDto'];
/** Who approves the report in internal review, in order, and whose turn it is (依次, 前加签, 后加签). */
export type ApprovalView = Schemas['ApprovalViewDto'];
export type ApprovalStep = Schemas['ApprovalStepDto'];
/** One person a report was circulated to for reading (传阅), read (已阅) or not. */
export type CirculationView = Schemas['CirculationDto'];
export type CirculatedReport = Schemas['CirculatedReportDto'];
export type UnitSealView = Schemas['UnitSealDto'];
export type SealVerification = Schemas['SealVerificationDto'];
