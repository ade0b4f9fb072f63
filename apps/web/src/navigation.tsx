import type { ReactNode } from 'react';
import type { Role } from '@jixiao/workflow';
import { CampaignsPage } from './pages/CampaignsPage';
import { CasesPage } from './pages/CasesPage';
import { PeoplePage } from './pages/PeoplePage';
import { TasksPage } from './pages/TasksPage';
import { CalendarPage } from './pages/CalendarPage';

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
  element: ReactNode;
}

export const NAVIGATION: NavigationEntry[] = [
  { path: '/tasks', label: '我的待办', element: <TasksPage /> },
  { path: '/cases', label: '评价任务', element: <CasesPage /> },
  { path: '/campaigns', label: '通知管理', roles: ['finance_officer'], element: <CampaignsPage /> },
  { path: '/people', label: '人员与组室', roles: ['unit_admin'], element: <PeoplePage /> },
  { path: '/calendar', label: '工作日历', element: <CalendarPage /> },
];
