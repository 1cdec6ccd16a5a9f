import { Navigate, Route, Routes } from 'react-router-dom';
import { Shell } from './Shell';
import { SignIn } from './pages/SignIn';
import { homeOf, useSession } from './session';

// Every page lives under /sign-in, /portal, /workbench or /admin, which the API serves as the app
// (src/main.ts); the API's own routes stay where they are.
export function App() {
  const { session } = useSession();
  return (
    <Shell>
      <Routes>
        <Route path="/" element={session ? <Navigate to={homeOf(session.role)} replace /> : <Navigate to="/sign-in" replace />} />
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Shell>
  );
}
