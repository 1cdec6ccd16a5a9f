import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireRole, Shell } from './Shell';
import { CasePage } from './pages/CasePage';
import { SignIn } from './pages/SignIn';
import { Apply } from './pages/portal/Apply';
import { MyCases } from './pages/portal/MyCases';
import { Policies } from './pages/portal/Policies';
import { Inbox } from './pages/workbench/Inbox';
import { Pools } from './pages/workbench/Pools';
import { TaskPage } from './pages/workbench/TaskPage';
import { AllCases } from './pages/admin/AllCases';
import { Audit } from './pages/admin/Audit';
import { Incidents } from './pages/admin/Incidents';
import { Replays } from './pages/admin/Replays';
import { PaymentOrders } from './pages/finance/PaymentOrders';
import { LabPage } from './pages/LabPage';
import { Notices } from './pages/portal/Notices';
import { homeOf, useSession } from './session';

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
