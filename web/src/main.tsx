import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { App } from './App';
import { ApiError } from './api/client';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider } from './session';

const queries = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) will not change on a retry; a network blip might.
    queries: { retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2, refetchOnWindowFocus: true },
  },
});

// antd's grey secondary texts fall short of WCAG AA contrast (4.5:1) on white; these pass.
const THEME = {
  token: {
    colorPrimary: '#1d4ed8',
    // antd lightens a hovered primary button, and white on the lighter blue falls short of 4.5:1; darker passes.
    colorPrimaryHover: '#1e40af',
    colorPrimaryActive: '#1e3a8a',
    colorInfo: '#1d4ed8',
    colorLink: '#1d4ed8',
    colorError: '#c62828',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorWarning: '#ad4e00',
    colorTextSecondary: '#4b5563',
    colorTextTertiary: '#4b5563',
    colorTextDescription: '#4b5563',
    colorTextQuaternary: '#6b7280',
    colorTextPlaceholder: '#6b7280',
  },
};

function Localized() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={THEME}>
      <App />
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <I18nProvider>
          <SessionProvider>
            <Localized />
          </SessionProvider>
        </I18nProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
