import { Route, Routes } from 'react-router-dom';
import { Shell } from './Shell';

// Every page lives under /sign-in, /portal, /workbench or /admin, which the API serves as the app
// (src/main.ts); the API's own routes stay where they are.
export function App() {
  return (
    <Shell>
      <Routes>
        <Route path="*" element={null} />
      </Routes>
    </Shell>
  );
}
