import { Button, Card, Col, Divider, Form, Input, List, Row, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import * as endpoints from '../api/endpoints';
import type { Role } from '../api/types';
import { ErrorAlert, TAG, useWords } from '../components/common';
import { useI18n } from '../i18n';
import { homeOf, sessionFromToken, useSession } from '../session';

// Seeded demonstration users (seeds/demo.json and the seed's officers of every bureau).
const DEMO: { id: string; role: Role; zh: string; en: string }[] = [
  { id: 'applicant-lingxi', role: 'applicant', zh: '深圳灵犀智能科技(初创企业,南山)', en: 'Lingxi AI (startup, Nanshan)' },
  { id: 'applicant-pengcheng', role: 'applicant', zh: '鹏城机器人(龙岗)', en: 'Pengcheng Robotics (Longgang)' },
  { id: 'applicant-szu', role: 'applicant', zh: '深圳大学', en: 'Shenzhen University' },
  { id: 'officer-stic', role: 'officer', zh: '市科技创新局 审核员', en: 'Officer, Science, Technology and Innovation Bureau' },
  { id: 'officer2-stic', role: 'officer', zh: '市科技创新局 第二审核员', en: 'Second officer, Science, Technology and Innovation Bureau' },
  { id: 'supervisor-stic', role: 'supervisor', zh: '市科技创新局 主管', en: 'Supervisor, Science, Technology and Innovation Bureau' },
  { id: 'officer-district-nanshan', role: 'officer', zh: '南山区政府 审核员', en: 'Officer, Nanshan District' },
  { id: 'finance-city', role: 'finance', zh: '市财政局 拨付', en: 'Treasury staff, city' },
  { id: 'finance-district-nanshan', role: 'finance', zh: '南山区财政 拨付', en: 'Treasury staff, Nanshan District' },
  { id: 'admin', role: 'admin', zh: '系统管理员', en: 'Administrator' },
];

// Colours only: a role's word is the API's (GET /catalog/words).
const ROLE_COLOR: Record<Role, string> = { applicant: TAG.blue, officer: TAG.green, supervisor: TAG.purple, finance: TAG.blue, admin: TAG.red };

export function SignIn() {
  const { t, lang } = useI18n();
  const words = useWords();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [tokenError, setTokenError] = useState<string | null>(null);
  const config = useQuery({ queryKey: ['web-config'], queryFn: endpoints.webConfig, staleTime: Infinity });
  const go = (role: Role | null): void => void navigate(params.get('next') ?? homeOf(role), { replace: true });
  const dev = useMutation({
    mutationFn: endpoints.devToken,
    onSuccess: (r) => {
      signIn({ token: r.token, userId: r.user.id, role: r.user.role });
      go(r.user.role);
    },
  });
  return (
    <Row justify="center">
      <Col xs={24} md={18} lg={12}>
        <Typography.Title level={1} style={{ fontSize: 28 }}>
          {t('登录', 'Sign in')}
        </Typography.Title>
        {config.data?.devTokens !== false && (
          <Card title={t('演示用户(开发令牌)', 'Demo users (dev tokens)')}>
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
                        {u.id} <Tag color={ROLE_COLOR[u.role]}>{words.word('roles', u.role)}</Tag>
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
        <Divider />
        <Card title={t('身份提供方令牌', 'Token from the identity provider')}>
          <Form
            layout="vertical"
            onFinish={(v: { token: string }) => {
              const s = sessionFromToken(v.token.trim());
              if (!s) return setTokenError(t('这不是有效的令牌', 'This is not a valid token'));
              signIn(s);
              go(s.role);
            }}
          >
            <Form.Item name="token" label={t('访问令牌', 'Access token')} validateStatus={tokenError ? 'error' : undefined} help={tokenError}>
              <Input.TextArea rows={3} onChange={() => setTokenError(null)} />
            </Form.Item>
            <Button htmlType="submit">{t('使用令牌登录', 'Sign in with the token')}</Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
