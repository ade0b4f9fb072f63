import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth';
import { ConsoleLayout } from './components/ConsoleLayout';
import { NAVIGATION } from './navigation';
import { CampaignDetailPage } from './pages/CampaignDetailPage';
import { CaseOverviewPage } from './pages/CaseOverviewPage';
import { MailMessagePage } from './pages/MailboxPage';
import { StatisticsPage } from './pages/StatisticsPage';
import { TrackingPage } from './pages/TrackingPage';
import { CampaignRemindersPage } from './pages/CampaignRemindersPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { DataTablePage } from './pages/DataTablePage';
import { IndicatorScoresPage } from './pages/IndicatorScoresPage';
import { ProjectFormPage } from './pages/ProjectFormPage';
import { SectionEditorPage } from './pages/SectionEditorPage';
import { SignInPage } from './pages/SignInPage';
import { InvitePage } from './pages/InvitePage';
import { NotificationsPage } from './pages/NotificationsPage';
import { PublicVerifyPage } from './pages/PublicVerifyPage';
import { UnitSealPage } from './pages/UnitSealPage';

export function ConsoleRoutes() {
  const { session, endedBy, hasRole } = useAuth();
  // The system administrator has no tasks or cases: their work is the bureaus.
  const home = hasRole('system_admin') ? '/admin/bureaus' : '/tasks';
  const location = useLocation();
  // An invitation link opens its own page, signed in or not: it belongs to someone else's account.
  if (location.pathname.startsWith('/invite/')) {
    return (
      <Routes>
        <Route path="/invite/:token" element={<InvitePage />} />
      </Routes>
    );
  }
  // A public verification link is for anyone holding a sealed report, signed in or not.
  if (location.pathname.startsWith('/verify/')) {
    return (
      <Routes>
        <Route path="/verify/:token" element={<PublicVerifyPage />} />
      </Routes>
    );
  }
  if (!session) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="*" element={<Navigate to="/sign-in" replace state={endedBy === 'sign-out' ? null : { from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  if (session.user.mustChangePassword) {
    // Until the one-time password is replaced the API refuses everything else: so does the console.
    return (
      <Routes>
        <Route path="*" element={<ChangePasswordPage />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        {NAVIGATION.map((entry) => (
          <Route key={entry.path} path={entry.path} element={entry.element} />
        ))}
        <Route path="/cases/:caseId" element={<CaseOverviewPage />} />
        <Route path="/cases/:caseId/sections/:code" element={<SectionEditorPage />} />
        <Route path="/cases/:caseId/data-table" element={<DataTablePage />} />
        <Route path="/cases/:caseId/indicator-scores" element={<IndicatorScoresPage />} />
        <Route path="/cases/:caseId/project-forms/:projectId" element={<ProjectFormPage />} />
        <Route path="/campaigns/:campaignId" element={<CampaignDetailPage />} />
        <Route path="/campaigns/:campaignId/tracking" element={<TrackingPage />} />
        <Route path="/campaigns/:campaignId/statistics" element={<StatisticsPage />} />
        <Route path="/mailbox/:messageId" element={<MailMessagePage />} />
        <Route path="/campaigns/:campaignId/reminders" element={<CampaignRemindersPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/units/:unitId/seal" element={<UnitSealPage />} />
        <Route path="/sign-in" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? home} replace />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}
