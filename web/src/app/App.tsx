// Routes: /login outside the shell; every other page inside it, guarded by its menu key.
import { Suspense, lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Spin } from 'antd';
import Result from '../shared/LazyResult';
import { usePhone } from '../shared/usePhone';
import { useAuth, useSession } from './auth';
import { menuEntryData } from './menu-entries';

// Issue 19 item 10: the shell (menu, drawer, icons) loads after log-in, not with the login page.
const AppLayout = lazy(() => import('./AppLayout'));
// Issue 22: a worker on a phone gets a light shell and 工作台 of their own (first load ≤ 300 kB).
const WorkerShell = lazy(() => import('./WorkerShell'));
const WorkerHomePage = lazy(() => import('../portals/worker/WorkerHomePage'));
const DashboardPage = lazy(() => import('./DashboardPage'));

/** The worker on a phone (below antd's md breakpoint): their own shell and 工作台. */
function usePhoneWorker(): boolean {
  const { session } = useAuth();
  return usePhone() && session?.user.role === 'worker';
}

function Dashboard() {
  return usePhoneWorker() ? <WorkerHomePage /> : <DashboardPage />;
}

interface PageRoute {
  path: string;
  menuKey: string;
  Page: LazyExoticComponent<ComponentType> | ComponentType;
}

const ROUTES: PageRoute[] = [
  { path: '/dashboard', menuKey: 'dashboard', Page: Dashboard },
  { path: '/workers', menuKey: 'workers', Page: lazy(() => import('../portals/regulator/WorkersPage')) },
  {
    path: '/workers/register',
    menuKey: 'workers.register',
    Page: lazy(() => import('../portals/employer/RegisterWorkerPage')),
  },
  { path: '/workers/:id', menuKey: 'workers', Page: lazy(() => import('../portals/regulator/WorkerDetailPage')) },
  {
    path: '/organisations',
    menuKey: 'organisations',
    Page: lazy(() => import('../portals/regulator/OrganisationsPage')),
  },
  { path: '/catalog', menuKey: 'catalog', Page: lazy(() => import('./CatalogPage')) },
  {
    path: '/settings/:group?',
    menuKey: 'catalog.manage',
    Page: lazy(() => import('../portals/regulator/ProvinceSettingsPage')),
  },
  {
    path: '/institution/filing',
    menuKey: 'institution.filing',
    Page: lazy(() => import('../portals/institution/FilingPage')),
  },
  {
    path: '/institution/teachers',
    menuKey: 'institution.teachers',
    Page: lazy(() => import('../portals/institution/TeachersPage')),
  },
  { path: '/filings', menuKey: 'filings.review', Page: lazy(() => import('../portals/regulator/FilingReviewPage')) },
  {
    path: '/training/classes',
    menuKey: 'training.classes',
    Page: lazy(() => import('../portals/institution/ClassesPage')),
  },
  {
    path: '/supervision/classes',
    menuKey: 'training.supervise',
    Page: lazy(() => import('../portals/regulator/ClassSupervisionPage')),
  },
  {
    path: '/training/classes/courses',
    menuKey: 'training.classes',
    Page: lazy(() => import('../portals/institution/CoursesPage')),
  },
  {
    path: '/me/training/learning',
    menuKey: 'me.training',
    Page: lazy(() => import('../portals/worker/MyLearningPage')),
  },
  {
    path: '/me/training/learn/:classId/:lessonId',
    menuKey: 'me.training',
    Page: lazy(() => import('../portals/worker/LessonPlayerPage')),
  },
  {
    path: '/me/training/certificate/:classId',
    menuKey: 'me.training',
    Page: lazy(() => import('../portals/worker/HourCertificatePage')),
  },
  { path: '/me/training', menuKey: 'me.training', Page: lazy(() => import('../portals/worker/MyTrainingPage')) },
  { path: '/users', menuKey: 'users', Page: lazy(() => import('../portals/admin/UsersPage')) },
  // Issue 22: the development SMS adapter's outbox (codes and invitation links), under 账户管理.
  { path: '/users/sms-outbox', menuKey: 'users', Page: lazy(() => import('../portals/admin/SmsOutboxPage')) },
  { path: '/audit', menuKey: 'audit', Page: lazy(() => import('../portals/admin/AuditPage')) },
  {
    path: '/admin/national-push',
    menuKey: 'admin.national_push',
    Page: lazy(() => import('../portals/admin/NationalPushPage')),
  },
  { path: '/exams/bank', menuKey: 'exams.bank', Page: lazy(() => import('../portals/exam-site/ExamBankPage')) },
  {
    path: '/exams/bank-proposals',
    menuKey: 'exams.bank.propose',
    Page: lazy(() => import('../portals/exam-site/BankProposals')),
  },
  {
    path: '/exams/door-records',
    menuKey: 'exams.door_records',
    Page: lazy(() => import('../portals/exam-site/DoorRecordsPage')),
  },
  { path: '/exams/sites', menuKey: 'exams.sites', Page: lazy(() => import('../portals/exam-site/ExamSitesPage')) },
  {
    path: '/exams/centre-filing',
    menuKey: 'exams.centre_filing',
    Page: lazy(() => import('../portals/exam-site/CentreFilingPage')),
  },
  { path: '/exams/plans', menuKey: 'exams.plans', Page: lazy(() => import('../portals/exam-site/ExamPlansPage')) },
  {
    path: '/exams/sessions',
    menuKey: 'exams.sessions',
    Page: lazy(() => import('../portals/exam-site/ExamSessionsPage')),
  },
  { path: '/exams/staff', menuKey: 'exams.staff', Page: lazy(() => import('../portals/exam-site/ExamStaffPage')) },
  {
    path: '/exams/imports',
    menuKey: 'exams.import',
    Page: lazy(() => import('../portals/exam-site/AttemptImportPage')),
  },
  {
    path: '/exams/practical',
    menuKey: 'exams.practical',
    Page: lazy(() => import('../portals/exam-site/PracticalSheetPage')),
  },
  { path: '/exam', menuKey: 'exams.take', Page: lazy(() => import('../portals/worker/ExamPage')) },
  { path: '/employer/ledger', menuKey: 'employer.ledger', Page: lazy(() => import('../portals/employer/LedgerPage')) },
  {
    path: '/employer/ledger/checks',
    menuKey: 'employer.ledger',
    Page: lazy(() => import('../portals/employer/CertificateCheckPage')),
  },
  {
    path: '/employer/ledger/import',
    menuKey: 'employer.ledger',
    Page: lazy(() => import('../portals/employer/ImportPage')),
  },
  {
    path: '/employer/plan',
    menuKey: 'employer.plan',
    Page: lazy(() => import('../portals/employer/TrainingPlanPage')),
  },
  { path: '/org/staff', menuKey: 'org.staff', Page: lazy(() => import('../portals/employer/StaffPage')) },
  {
    path: '/supervision/inspections',
    menuKey: 'supervision.inspections',
    Page: lazy(() => import('../portals/regulator/InspectionsPage')),
  },
  {
    path: '/supervision/inspections/:id',
    menuKey: 'supervision.inspections',
    Page: lazy(() => import('../portals/regulator/InspectionPage')),
  },
  {
    path: '/supervision/spot-exams',
    menuKey: 'supervision.inspections',
    Page: lazy(() => import('../portals/regulator/SpotExamsPage')),
  },
  {
    path: '/employer/spot-exams',
    menuKey: 'employer.ledger',
    Page: lazy(() => import('../portals/employer/SpotExamFailuresPage')),
  },
  {
    path: '/rectifications',
    menuKey: 'rectifications',
    Page: lazy(() => import('../portals/institution/RectificationsPage')),
  },
  {
    path: '/supervision/campaigns',
    menuKey: 'supervision.campaigns',
    Page: lazy(() => import('../portals/regulator/CampaignsPage')),
  },
  {
    path: '/self-inspection',
    menuKey: 'self_inspection',
    Page: lazy(() => import('../portals/institution/SelfInspectionPage')),
  },
  {
    path: '/supervision/reports',
    menuKey: 'supervision.reports',
    Page: lazy(() => import('../portals/regulator/PublicReportsPage')),
  },
  {
    path: '/supervision/cases',
    menuKey: 'supervision.cases',
    Page: lazy(() => import('../portals/regulator/CasesPage')),
  },
  {
    path: '/supervision/cases/:id',
    menuKey: 'supervision.cases',
    Page: lazy(() => import('../portals/regulator/CasePage')),
  },
  {
    path: '/supervision/ratings',
    menuKey: 'supervision.ratings',
    Page: lazy(() => import('../portals/regulator/RatingsPage')),
  },
  {
    path: '/supervision/employers',
    menuKey: 'employers.supervise',
    Page: lazy(() => import('../portals/regulator/EmployerSupervisionPage')),
  },
  {
    path: '/certificates/tasks',
    menuKey: 'certificates.tasks',
    Page: lazy(() => import('../portals/authority/IssuanceTasksPage')),
  },
  { path: '/certificates', menuKey: 'certificates', Page: lazy(() => import('../portals/authority/CertificatesPage')) },
  {
    path: '/certificates/calendar',
    menuKey: 'certificates.calendar',
    Page: lazy(() => import('../portals/authority/CalendarPage')),
  },
  {
    path: '/certificates/keys',
    menuKey: 'certificates.manage',
    Page: lazy(() => import('../portals/authority/SigningKeysPage')),
  },
  {
    path: '/legacy-imports',
    menuKey: 'legacy.import',
    Page: lazy(() => import('../portals/authority/LegacyImportPage')),
  },
  {
    path: '/certificates/fakes',
    menuKey: 'certificates.fakes',
    Page: lazy(() => import('../portals/authority/FakeQueriesPage')),
  },
  {
    path: '/me/certificates',
    menuKey: 'me.certificates',
    Page: lazy(() => import('../portals/worker/MyCertificatesPage')),
  },
  { path: '/integrity', menuKey: 'integrity', Page: lazy(() => import('../portals/regulator/IntegrityPage')) },
  {
    path: '/integrity/patrol',
    menuKey: 'integrity.patrol',
    Page: lazy(() => import('../portals/regulator/PatrolPage')),
  },
  { path: '/analytics', menuKey: 'analytics', Page: lazy(() => import('../portals/regulator/AnalyticsPage')) },
  { path: '/injuries', menuKey: 'injuries', Page: lazy(() => import('../portals/regulator/InjuriesPage')) },
  { path: '/me/archive', menuKey: 'me.archive', Page: lazy(() => import('../portals/worker/MyArchivePage')) },
  {
    path: '/onboarding/applications',
    menuKey: 'onboarding.review',
    Page: lazy(() => import('../portals/regulator/OrgApplicationsPage')),
  },
  {
    path: '/institution/self-assessment',
    menuKey: 'institution.self_assessment',
    Page: lazy(() => import('../portals/institution/SelfAssessmentPage')),
  },
];

const LoginPage = lazy(() => import('../portals/public/LoginPage'));
const InstitutionsListPage = lazy(() => import('../portals/public/InstitutionsListPage'));
const VerifyPage = lazy(() => import('../portals/public/VerifyPage'));
const ReportPage = lazy(() => import('../portals/public/ReportPage'));
const SpotExamPage = lazy(() => import('../portals/public/SpotExamPage'));
const PenaltiesPage = lazy(() => import('../portals/public/PenaltiesPage'));
// Issue 22: the mobile sign-up, organisations' applications and invitations, outside the shell.
const SignUpPage = lazy(() => import('../portals/public/SignUpPage'));
const OrgApplyPage = lazy(() => import('../portals/public/OrgApplyPage'));
const InvitePage = lazy(() => import('../portals/public/InvitePage'));
const ForgotPasswordPage = lazy(() => import('../portals/public/ForgotPasswordPage'));

export default function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/login/forgot"
        element={
          <Suspense>
            <ForgotPasswordPage />
          </Suspense>
        }
      />
      <Route
        path="/public/institutions"
        element={
          <Suspense>
            <InstitutionsListPage />
          </Suspense>
        }
      />
      <Route
        path="/verify"
        element={
          <Suspense>
            <VerifyPage />
          </Suspense>
        }
      />
      <Route
        path="/report"
        element={
          <Suspense>
            <ReportPage />
          </Suspense>
        }
      />
      <Route
        path="/spot"
        element={
          <Suspense>
            <SpotExamPage />
          </Suspense>
        }
      />
      <Route
        path="/spot/:code"
        element={
          <Suspense>
            <SpotExamPage />
          </Suspense>
        }
      />
      <Route
        path="/v/:code"
        element={
          <Suspense>
            <VerifyPage />
          </Suspense>
        }
      />
      <Route
        path="/public/penalties"
        element={
          <Suspense>
            <PenaltiesPage />
          </Suspense>
        }
      />
      <Route
        path="/join"
        element={
          <Suspense>
            <SignUpPage />
          </Suspense>
        }
      />
      <Route
        path="/join/organisation"
        element={
          <Suspense>
            <OrgApplyPage />
          </Suspense>
        }
      />
      <Route
        path="/join/invite/:token"
        element={
          <Suspense>
            <InvitePage />
          </Suspense>
        }
      />
      <Route element={<RequireLogin />}>
        <Route index element={<Home />} />
        {ROUTES.map(({ path, menuKey, Page }) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireMenu menuKey={menuKey}>
                <Page />
              </RequireMenu>
            }
          />
        ))}
        <Route path="*" element={<Result status="404" title="页面不存在" />} />
      </Route>
    </Routes>
  );
}

function RequireLogin() {
  const { session } = useAuth();
  const phoneWorker = usePhoneWorker();
  if (!session) return <Navigate to="/login" replace />;
  return (
    <Suspense fallback={<Spin size="large" fullscreen />}>{phoneWorker ? <WorkerShell /> : <AppLayout />}</Suspense>
  );
}

/** The signed-in user's start page: the first entry of their menu. */
function Home() {
  const { menu } = useSession();
  const first = menuEntryData(menu)[0];
  if (!first) return <Result status="info" title="您的账户尚未开通任何功能" subTitle="请联系系统管理员分配角色。" />;
  return <Navigate to={first.path} replace />;
}

function RequireMenu({ menuKey, children }: { menuKey: string; children: ReactNode }) {
  const { menu } = useSession();
  if (!menu.includes(menuKey)) return <Result status="403" title="无权访问" subTitle="您的角色未开通该功能。" />;
  return children;
}
