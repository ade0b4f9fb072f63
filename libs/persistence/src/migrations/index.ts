import { InitialSchema1764480000000 } from './1764480000000-InitialSchema';
import { AccountSecurity1764490000000 } from './1764490000000-AccountSecurity';
import { HistoryHashChain1764490100000 } from './1764490100000-HistoryHashChain';
import { WorkingGroupsAndDelegation1764490200000 } from './1764490200000-WorkingGroupsAndDelegation';
import { SectionRevisions1764500000000 } from './1764500000000-SectionRevisions';
import { ReportTables1764500100000 } from './1764500100000-ReportTables';
import { SealedVersions1764500200000 } from './1764500200000-SealedVersions';
import { ExtraApprovers1764500300000 } from './1764500300000-ExtraApprovers';
import { MailOutbox1764600000000 } from './1764600000000-MailOutbox';
import { RemindersAndDueItems1764610000000 } from './1764610000000-RemindersAndDueItems';
import { MailDelivery1764620000000 } from './1764620000000-MailDelivery';
import { CampaignTracking1764700000000 } from './1764700000000-CampaignTracking';
import { OutboxOpenItemIndex1764710000000 } from './1764710000000-OutboxOpenItemIndex';
import { AccountsSwitchOffAndFirstAdmin1765000000100 } from './1765000000100-AccountsSwitchOffAndFirstAdmin';
import { KeyedHistoryChain1765000000200 } from './1765000000200-KeyedHistoryChain';
import { AttemptLimits1765000000300 } from './1765000000300-AttemptLimits';
import { ContentVersionColumn1765000000400 } from './1765000000400-ContentVersionColumn';
import { EveryStepIsDue1765000000500 } from './1765000000500-EveryStepIsDue';
import { BudgetUnitDirectory1765000000600 } from './1765000000600-BudgetUnitDirectory';
import { Invitations1765000000700 } from './1765000000700-Invitations';
import { SectionReopenRequests1765000000900 } from './1765000000900-SectionReopenRequests';
import { SavedPhrasesAndComments1765000001000 } from './1765000001000-SavedPhrasesAndComments';
import { Notifications1765000001100 } from './1765000001100-Notifications';
import { ApprovalModesAndCirculation1765000001300 } from './1765000001300-ApprovalModesAndCirculation';
import { ProjectForms1765000001400 } from './1765000001400-ProjectForms';
import { Renderings1765000001500 } from './1765000001500-Renderings';

/** Every migration, in order. Listed by hand so the compiled build never depends on a file glob. */
export const MIGRATIONS = [InitialSchema1764480000000, AccountSecurity1764490000000, HistoryHashChain1764490100000, WorkingGroupsAndDelegation1764490200000, SectionRevisions1764500000000, ReportTables1764500100000, SealedVersions1764500200000, ExtraApprovers1764500300000, MailOutbox1764600000000, RemindersAndDueItems1764610000000, MailDelivery1764620000000, CampaignTracking1764700000000, OutboxOpenItemIndex1764710000000, AccountsSwitchOffAndFirstAdmin1765000000100, KeyedHistoryChain1765000000200, AttemptLimits1765000000300, ContentVersionColumn1765000000400, EveryStepIsDue1765000000500, BudgetUnitDirectory1765000000600, Invitations1765000000700, SectionReopenRequests1765000000900, SavedPhrasesAndComments1765000001000, Notifications1765000001100, ApprovalModesAndCirculation1765000001300, ProjectForms1765000001400, Renderings1765000001500];
