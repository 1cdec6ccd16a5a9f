import { Alert, Button, Card, Col, Form, Input, List, Row, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import * as endpoints from '../api/endpoints';
import type { Role } from '../api/types';
import { ErrorAlert, TAG, useWords } from '../components/common';
import { useI18n } from '../i18n';
import { setToken } from '../api/client';
import { beginSignIn, completeSignIn, isCallback, wasSignedIn, type OidcSettings } from '../oidc';
import { homeOf, useSession, type Session } from '../session';

// Seeded demonstration users (seeds/demo.json and the seed's officers of every bureau).
const DEMO: { id: string; role: Role; zh: string; en: string }[] = [
  { id: 'applicant-lingxi', role: 'applicant', zh: '深圳灵犀智能科技(初创企业,南山)', en: 'Lingxi AI (startup, Nanshan)' },
  { id: 'applicant-pengcheng', role: 'applicant', zh: '鹏城机器人(龙岗)', en: 'Pengcheng Robotics (Longgang)' },
  { id: 'applicant-szu', role: 'applicant', zh: '深圳大学', en: 'Shenzhen University' },
  { id: 'officer-stic', role: 'officer', zh: '市科技创新局 审核员', en: 'Officer, Science, Technology and Innovation Bureau' },
  { id: 'officer2-stic', role: 'officer', zh: '市科技创新局 第二审核员', en: 'Second officer, Science, Technology and Innovation Bureau' },
  { id: 'supervisor-stic', role: 'supervisor', zh: '市科技创新局 主管', en: 'Supervisor, Science, Technology and Innovation Bureau' },
  { id: 'officer-district-nanshan', role: 'officer', zh: '南山区政府 审核员', en: 'Officer, Nanshan District' },
  { id: 'finance-city', role: 'finance', zh: '深圳市财政 拨付', en: 'Treasury staff, Shenzhen city' },
  { id: 'finance-district-nanshan', role: 'finance', zh: '南山区财政 拨付', en: 'Treasury staff, Nanshan District' },
  // Nantong, seeded beside Shenzhen (README: Jurisdictions).
  { id: 'applicant-nt-chongchuan', role: 'applicant', zh: '南通崇川濠河智能装备(崇川)', en: 'Haohe Intelligent Equipment (Chongchuan, Nantong)' },
  { id: 'officer-nt-stb', role: 'officer', zh: '南通市科学技术局 审核员', en: 'Officer, Nantong Science and Technology Bureau' },
  { id: 'finance-nantong-city', role: 'finance', zh: '南通市财政 拨付', en: 'Treasury staff, Nantong city' },
  { id: 'finance-nt-district-chongchuan', role: 'finance', zh: '崇川区财政 拨付', en: 'Treasury staff, Chongchuan District' },
  { id: 'admin', role: 'admin', zh: '系统管理员', en: 'Administrator' },
];

// Colours only: a role's word is the API's (GET /catalog/words).
const ROLE_COLOR: Record<Role, string> = { applicant: TAG.blue, officer: TAG.green, supervisor: TAG.purple, finance: TAG.blue, admin: TAG.red };

/** A provider's answer is redeemed once, though StrictMode runs effects twice. */
let redeeming: { state: string; result: Promise<{ session: Session; next: string } | null> } | null = null;
function redeem(settings: OidcSettings, params: URLSearchParams): Promise<{ session: Session; next: string } | null> {
  const state = params.get('state') ?? '';
  if (redeeming?.state !== state) {
    const result = completeSignIn(settings, params).then(async (r) => {
      if (!r) return null;
      setToken(r.tokens.accessToken);
      const user = await endpoints.me();
      return { session: { token: r.tokens.accessToken, userId: user.id, role: user.role, oidc: r.tokens }, next: r.next };
    });
    redeeming = { state, result };
  }
  return redeeming.result;
}

export function SignIn() {
  const { t, lang } = useI18n();
  const words = useWords();
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const config = useQuery({ queryKey: ['web-config'], queryFn: endpoints.webConfig, staleTime: Infinity });
  const oidc = config.data?.oidc ?? null;
  const callback = isCallback(params);
  const [oidcError, setOidcError] = useState<unknown>(null);
  const [leaving, setLeaving] = useState(false);
  const go = (role: Role | null, next: string | null = params.get('next')): void => void navigate(next || homeOf(role), { replace: true });
  const dev = useMutation({
    mutationFn: endpoints.devToken,
    onSuccess: (r) => {
      signIn({ token: r.token, userId: r.user.id, role: r.user.role });
      go(r.user.role);
    },
  });
  const toProvider = (silent: boolean): void => {
    if (!oidc) return;
    setLeaving(true);
    beginSignIn(oidc, params.get('next') ?? '', silent).catch((err: unknown) => {
      setLeaving(false);
      setOidcError(err);
    });
  };

  // The provider's answer, or (after a reload of a tab signed in at the provider) a silent sign-in from its session.
  useEffect(() => {
    if (!oidc || session) return;
    if (callback) {
      let live = true;
      redeem(oidc, params).then(
        (r) => {
          if (!live) return;
          if (!r) return void navigate('/sign-in', { replace: true });
          signIn(r.session);
          go(r.session.role, r.next);
        },
        (err: unknown) => live && setOidcError(err),
      );
      return () => {
        live = false;
      };
    }
    if (wasSignedIn()) toProvider(true);
    // Only when the config arrives or the address changes.
  }, [oidc, callback]);

  if (callback && !oidcError) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  return (
    <Row justify="center">
      <Col xs={24} md={18} lg={12}>
        <Typography.Title level={1} style={{ fontSize: 28 }}>
          {t('登录', 'Sign in')}
        </Typography.Title>
        {oidc && (
          <Card title={t('统一身份认证', 'City identity provider')} style={{ marginBottom: 24 }}>
            {oidcError !== null && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('登录未完成,请重试', 'The sign-in did not complete; please try again')}
                description={oidcError instanceof Error ? oidcError.message : String(oidcError)}
              />
            )}
            <Button type="primary" loading={leaving} onClick={() => toProvider(false)}>
              {t('通过统一身份认证登录', 'Sign in with the city identity provider')}
            </Button>
          </Card>
        )}
        {config.data?.devTokens === true && (
          <Card title={t('演示用户(开发令牌,仅限开发环境)', 'Demo users (dev tokens, development only)')}>
            <ErrorAlert error={dev.error} />
            <List
              dataSource={DEMO}
              renderItem={(u) => (
                <List.Item
                  actions={[
                    <Button
                      key="go"
                      type="primary"
                      loading={dev.isPending && dev.variables === u.id}
                      onClick={() => dev.mutate(u.id)}
                      aria-label={`${t('以此身份登录', 'Sign in as')} ${u.id}`}
                    >
                      {t('登录', 'Sign in')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <>
                        <span translate="no">{u.id}</span> <Tag color={ROLE_COLOR[u.role]}>{words.word('roles', u.role)}</Tag>
                      </>
                    }
                    description={lang === 'zh' ? u.zh : u.en}
                  />
                </List.Item>
              )}
            />
            <Form layout="inline" onFinish={(v: { userId: string }) => dev.mutate(v.userId.trim())} style={{ marginTop: 16 }}>
              <Form.Item
                name="userId"
                label={t('其他用户编号', 'Another user id')}
                rules={[{ required: true, message: t('请输入用户编号', 'Enter a user id') }]}
              >
                <Input placeholder="officer-district-futian" />
              </Form.Item>
              <Button htmlType="submit">{t('登录', 'Sign in')}</Button>
            </Form>
          </Card>
        )}
        {config.data && !oidc && !config.data.devTokens && (
          <Alert type="warning" showIcon title={t('未配置身份认证服务,无法登录', 'No identity provider is configured: signing in is not possible')} />
        )}
      </Col>
    </Row>
  );
}
