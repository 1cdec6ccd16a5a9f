import { Badge, Button, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { Role } from './api/types';
import { useI18n } from './i18n';
import { useSession } from './session';
import { useUnreadNotices } from './pages/portal/Notices';

interface NavItem {
  path: string;
  zh: string;
  en: string;
  roles: Role[];
}

// Adding a page is one entry here and one route in App.tsx.
export const NAV: NavItem[] = [
  { path: '/portal', zh: '政策与措施', en: 'Policies', roles: ['applicant'] },
  { path: '/portal/cases', zh: '我的申请', en: 'My cases', roles: ['applicant'] },
  { path: '/portal/notices', zh: '通知', en: 'Notices', roles: ['applicant'] },
  { path: '/workbench', zh: '待办任务', en: 'Inbox', roles: ['officer', 'supervisor'] },
  { path: '/finance', zh: '资金拨付', en: 'Payment orders', roles: ['finance', 'admin'] },
  { path: '/console', zh: '全部申请', en: 'All cases', roles: ['admin'] },
  { path: '/console/audit', zh: '审计日志', en: 'Audit log', roles: ['admin'] },
  { path: '/console/incidents', zh: '故障', en: 'Incidents', roles: ['admin'] },
  { path: '/console/replays', zh: '回放', en: 'Replay', roles: ['admin'] },
  { path: '/console/overview', zh: '运行概览', en: 'Overview', roles: ['admin'] },
  { path: '/console/labs/new', zh: '登记实验室', en: 'Register a lab', roles: ['admin'] },
  { path: '/workbench/pools', zh: '资金池', en: 'Budget pools', roles: ['officer', 'supervisor', 'admin'] },
];

export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { session, signOut } = useSession();
  const { pathname } = useLocation();
  const items = NAV.filter((n) => !session?.role || n.roles.includes(session.role));
  const unread = useUnreadNotices(session?.role === 'applicant');
  const selected = [...items].sort((a, b) => b.path.length - a.path.length).find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {t('人工智能先锋城市资助', 'AI Pioneer City subsidies')}
        </Typography.Text>
        {session && (
          <nav aria-label={t('主导航', 'Main')} style={{ flex: 1, minWidth: 0 }}>
            <Menu
              theme="dark"
              mode="horizontal"
              selectedKeys={selected ? [selected.path] : []}
              items={items.map((n) => ({
                key: n.path,
                label: (
                  <Link to={n.path}>
                    {lang === 'zh' ? n.zh : n.en}
                    {n.path === '/portal/notices' && unread ? (
                      <Badge count={unread} size="small" offset={[6, -2]} aria-label={t(`${unread} 条未读`, `${unread} unread`)} data-testid="unread-badge" />
                    ) : null}
                  </Link>
                ),
              }))}
            />
          </nav>
        )}
        <Space style={{ marginLeft: 'auto' }}>
          <Segmented
            aria-label={t('语言', 'Language')}
            value={lang}
            onChange={(v) => setLang(v === 'en' ? 'en' : 'zh')}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'English', value: 'en' },
            ]}
          />
          {session && (
            <>
              {/* The sign-in name, as the user types it to sign in. */}
              <Typography.Text style={{ color: '#fff' }} data-testid="current-user" translate="no">
                {session.userId}
              </Typography.Text>
              <Button onClick={signOut}>{t('退出', 'Sign out')}</Button>
            </>
          )}
        </Space>
      </Layout.Header>
      {/* antd's Content is the page's <main> landmark. */}
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>{children}</Suspense>
      </Layout.Content>
    </Layout>
  );
}

/** A page for some roles only; without a session, the sign-in page (and back here after). */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  const { t } = useI18n();
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (session.role && !roles.includes(session.role))
    return <Typography.Paragraph>{t('此页面不适用于当前用户的角色。', 'This page is not for your role.')}</Typography.Paragraph>;
  return <>{children}</>;
}
