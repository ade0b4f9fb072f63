import type { ReactNode } from 'react';
import type { Role } from '@jixiao/workflow';
import { CampaignsPage } from './pages/CampaignsPage';
import { CasesPage } from './pages/CasesPage';
import { api, ApiProblem, call } from './api/client';
import { MailAdminPage } from './pages/MailAdminPage';
import { MailboxPage } from './pages/MailboxPage';
import { SettingsPage } from './pages/SettingsPage';
import { PeoplePage } from './pages/PeoplePage';
import { TasksPage } from './pages/TasksPage';
import { CalendarPage } from './pages/CalendarPage';
import { BureausPage } from './pages/BureausPage';
import { InvitationsPage } from './pages/InvitationsPage';
import { DirectoryPage } from './pages/DirectoryPage';
import { SecurityLogPage } from './pages/SecurityLogPage';
import { UnitSealPage } from './pages/UnitSealPage';
import { VerifySealPage } from './pages/VerifySealPage';

/**
 * The console's top-level pages. A page is one entry here: its address, its menu label and who
 * sees it in the menu (the API still decides what each person may do). Pages reached from a case
 * (section editor, tables) are routed in routes.tsx.
 */
export interface NavigationEntry {
  path: string;
  label: string;
  /** Shown to people holding one of these roles; everyone when absent. */
  roles?: Role[];
  /** Not shown to the system administrator, who has no case, task or notice (the case pages). */
  caseWork?: true;
  /** Asked once after sign-in; the entry is in the menu only when it answers true. */
  shownWhen?: () => Promise<boolean>;
  element: ReactNode;
}

/** The mailbox exists only when mail is kept locally: with an SMTP server the API answers 404 MAILBOX.NOT_IN_USE. */
async function mailboxInUse(): Promise<boolean> {
  try {
    await call(() => api.GET('/api/mailbox', { params: { query: { limit: 1 } } }));
    return true;
  } catch (failure) {
    return !(failure instanceof ApiProblem && failure.code === 'MAILBOX.NOT_IN_USE');
  }
}

export const NAVIGATION: NavigationEntry[] = [
  { path: '/tasks', label: '我的待办', caseWork: true, element: <TasksPage /> },
  { path: '/cases', label: '评价任务', caseWork: true, element: <CasesPage /> },
  { path: '/campaigns', label: '通知管理', roles: ['finance_officer'], element: <CampaignsPage /> },
  { path: '/directory', label: '单位名录', roles: ['finance_officer'], element: <DirectoryPage /> },
  { path: '/people', label: '人员与组室', roles: ['unit_admin'], element: <PeoplePage /> },
  // The same page for a bureau: its finance officers invite their colleagues (本局人员).
  { path: '/bureau-people', label: '本局人员', roles: ['finance_officer'], element: <PeoplePage /> },
  { path: '/admin/bureaus', label: '财政局管理', roles: ['system_admin'], element: <BureausPage /> },
  { path: '/invitations', label: '邀请', roles: ['unit_admin', 'finance_officer', 'system_admin'], element: <InvitationsPage /> },
  { path: '/mailbox', label: '本地邮箱', shownWhen: mailboxInUse, element: <MailboxPage /> },
  { path: '/admin/mail', label: '邮件发送', roles: ['unit_admin', 'finance_officer'], element: <MailAdminPage /> },
  { path: '/security-log', label: '安全日志', roles: ['unit_admin', 'finance_officer', 'system_admin'], element: <SecurityLogPage /> },
  // The system administrator, who belongs to no unit, names the unit on the page.
  { path: '/seal', label: '电子印章', roles: ['unit_admin', 'system_admin'], element: <UnitSealPage /> },
  { path: '/verify-seal', label: '核验签章', element: <VerifySealPage /> },
  { path: '/settings', label: '我的设置', element: <SettingsPage /> },
  { path: '/calendar', label: '工作日历', element: <CalendarPage /> },
];
