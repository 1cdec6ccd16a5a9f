import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireRole, Shell } from './Shell';
import { Notices } from './pages/portal/Notices';
import { homeOf, useSession } from './session';

// Each page is its own chunk, fetched when its route is first opened (the Shell shows a spinner meanwhile).
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
const SignIn = lazy(() => import('./pages/SignIn').then((m) => ({ default: m.SignIn })));
const Apply = lazy(() => import('./pages/portal/Apply').then((m) => ({ default: m.Apply })));
const MyCases = lazy(() => import('./pages/portal/MyCases').then((m) => ({ default: m.MyCases })));
const Policies = lazy(() => import('./pages/portal/Policies').then((m) => ({ default: m.Policies })));
const Inbox = lazy(() => import('./pages/workbench/Inbox').then((m) => ({ default: m.Inbox })));
const Pools = lazy(() => import('./pages/workbench/Pools').then((m) => ({ default: m.Pools })));
const TaskPage = lazy(() => import('./pages/workbench/TaskPage').then((m) => ({ default: m.TaskPage })));
const AllCases = lazy(() => import('./pages/admin/AllCases').then((m) => ({ default: m.AllCases })));
const Audit = lazy(() => import('./pages/admin/Audit').then((m) => ({ default: m.Audit })));
const Incidents = lazy(() => import('./pages/admin/Incidents').then((m) => ({ default: m.Incidents })));
const Replays = lazy(() => import('./pages/admin/Replays').then((m) => ({ default: m.Replays })));
const Overview = lazy(() => import('./pages/admin/Overview').then((m) => ({ default: m.Overview })));
const PaymentOrders = lazy(() => import('./pages/finance/PaymentOrders').then((m) => ({ default: m.PaymentOrders })));
const RegisterLab = lazy(() => import('./pages/admin/RegisterLab').then((m) => ({ default: m.RegisterLab })));
const LabPage = lazy(() => import('./pages/LabPage').then((m) => ({ default: m.LabPage })));

// Every page lives under /sign-in, /portal, /workbench, /finance or /console, which the API serves as the app
// (src/main.ts); the API's own routes stay where they are.
export function App() {
  const { session } = useSession();
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={session ? homeOf(session.role) : '/sign-in'} replace />} />
        <Route path="/sign-in" element={<SignIn />} />
        <Route
          path="/portal"
          element={
            <RequireRole roles={['applicant']}>
              <Policies />
            </RequireRole>
          }
        />
        <Route
          path="/portal/apply/:packId/:measureCode/:subtypeCode"
          element={
            <RequireRole roles={['applicant']}>
              <Apply />
            </RequireRole>
          }
        />
        <Route
          path="/portal/cases"
          element={
            <RequireRole roles={['applicant']}>
              <MyCases />
            </RequireRole>
          }
        />
        <Route
          path="/portal/cases/:id"
          element={
            <RequireRole roles={['applicant']}>
              <CasePage />
            </RequireRole>
          }
        />
        <Route
          path="/portal/notices"
          element={
            <RequireRole roles={['applicant']}>
              <Notices />
            </RequireRole>
          }
        />
        <Route
          path="/portal/labs/:labId"
          element={
            <RequireRole roles={['applicant']}>
              <LabPage area="portal" />
            </RequireRole>
          }
        />
        <Route
          path="/workbench"
          element={
            <RequireRole roles={['officer', 'supervisor']}>
              <Inbox />
            </RequireRole>
          }
        />
        <Route
          path="/workbench/tasks/:taskId"
          element={
            <RequireRole roles={['officer', 'supervisor']}>
              <TaskPage />
            </RequireRole>
          }
        />
        <Route
          path="/console/overview"
          element={
            <RequireRole roles={['admin']}>
              <Overview />
            </RequireRole>
          }
        />
        <Route
          path="/workbench/pools"
          element={
            <RequireRole roles={['officer', 'supervisor', 'admin']}>
              <Pools />
            </RequireRole>
          }
        />
        <Route
          path="/workbench/labs/:labId"
          element={
            <RequireRole roles={['officer', 'supervisor']}>
              <LabPage area="workbench" />
            </RequireRole>
          }
        />
        <Route
          path="/finance"
          element={
            <RequireRole roles={['finance', 'admin']}>
              <PaymentOrders />
            </RequireRole>
          }
        />
        <Route
          path="/console"
          element={
            <RequireRole roles={['admin']}>
              <AllCases />
            </RequireRole>
          }
        />
        <Route
          path="/console/cases/:id"
          element={
            <RequireRole roles={['admin']}>
              <CasePage temporalLink />
            </RequireRole>
          }
        />
        <Route
          path="/console/labs/new"
          element={
            <RequireRole roles={['admin']}>
              <RegisterLab />
            </RequireRole>
          }
        />
        <Route
          path="/console/labs/:labId"
          element={
            <RequireRole roles={['admin']}>
              <LabPage area="console" />
            </RequireRole>
          }
        />
        <Route
          path="/console/audit"
          element={
            <RequireRole roles={['admin']}>
              <Audit />
            </RequireRole>
          }
        />
        <Route
          path="/console/incidents"
          element={
            <RequireRole roles={['admin']}>
              <Incidents />
            </RequireRole>
          }
        />
        <Route
          path="/console/replays"
          element={
            <RequireRole roles={['admin']}>
              <Replays />
            </RequireRole>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Shell>
  );
}
