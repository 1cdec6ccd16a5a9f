import { Alert, Button, Card, Collapse, Descriptions, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import * as endpoints from '../../api/endpoints';
import { TAG, DateOnly, ErrorAlert, Money } from '../../components/common';
import { useI18n } from '../../i18n';
import { usePacks } from '../../session';

/** The validity window's end is exclusive: the last day to apply is the day before. */
export const closingDay = (to: string): string => new Date(Date.parse(to) - 1).toISOString();

export function Policies() {
  const { t, l, lang } = useI18n();
  const navigate = useNavigate();
  // A signed-in applicant lands on their own city's policies: the API lists them first.
  const packs = usePacks();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('pack');
  const setChosen = (pack: string) => setParams({ pack }, { replace: true });
  const packId = chosen ?? packs.data?.items[0]?.id;
  const pack = packs.data?.items.find((p) => p.id === packId);
  const measures = useQuery({ queryKey: ['measures', packId], queryFn: () => endpoints.measures(packId!), enabled: !!packId });
  if (packs.isPending) return <Spin />;
  if (packs.error) return <ErrorAlert error={packs.error} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('可申报的政策', 'Policies open for applications')}
      </Typography.Title>
      <Select
        aria-label={t('政策', 'Policy')}
        style={{ minWidth: 420 }}
        value={packId}
        onChange={setChosen}
        options={packs.data.items.map((p) => ({ value: p.id, label: l(p.title) }))}
      />
      {pack && (
        <Card>
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label={t('发布机关', 'Issued by')}>
              {/* The source names its issuer as the document does, in Chinese. */}
              {lang === 'zh' ? (pack.source?.issuer ?? l(pack.jurisdiction.name)) : l(pack.jurisdiction.name)}
            </Descriptions.Item>
            <Descriptions.Item label={t('申报截止', 'Applications close')}>
              <DateOnly at={closingDay(pack.validity.to)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('状态', 'Status')}>
              {pack.intakeOpen ? <Tag color={TAG.green}>{t('受理中', 'Open')}</Tag> : <Tag color={TAG.grey}>{t('未开放', 'Closed')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {measures.error && <ErrorAlert error={measures.error} />}
      {measures.isPending ? (
        <Spin />
      ) : (
        <List
          dataSource={measures.data?.items ?? []}
          renderItem={(m) => (
            <List.Item>
              <Card
                style={{ width: '100%' }}
                title={
                  <span>
                    {t(`第${m.number}条`, `Measure ${m.number}`)} · {l(m.title)}
                  </span>
                }
                extra={m.bureaus.map((b) => l(b.name)).join(t('、', ', '))}
              >
                {!m.acceptsApplications && <Alert type="info" title={l(m.refusal) || t('本条不接受申报', 'This measure takes no applications')} />}
                {m.acceptsApplications && (
                  <Collapse
                    items={m.subtypes.map((s) => ({
                      key: s.code,
                      label: l(s.title),
                      children: (
                        <Space direction="vertical" style={{ width: '100%' }}>
                          <Typography.Paragraph>{l(s.award.text)}</Typography.Paragraph>
                          <Descriptions column={1} size="small">
                            <Descriptions.Item label={t('申报主体', 'Who may apply')}>
                              {s.applicants.map((a) => l(a.label)).join(t('、', ', '))}
                            </Descriptions.Item>
                            {s.award.capFen && (
                              <Descriptions.Item label={t('资助上限', 'Cap')}>
                                <Money fen={s.award.capFen} />
                              </Descriptions.Item>
                            )}
                            {s.eligibility.length > 0 && (
                              <Descriptions.Item label={t('申报条件', 'Conditions')}>{s.eligibility.map((e) => l(e)).join(t(';', '; '))}</Descriptions.Item>
                            )}
                          </Descriptions>
                          {pack?.intakeOpen && (
                            <Button type="primary" onClick={() => void navigate(`/portal/apply/${encodeURIComponent(packId!)}/${m.code}/${s.code}`)}>
                              {`${t('申报', 'Apply for')} ${l(s.title)}`}
                            </Button>
                          )}
                        </Space>
                      ),
                    }))}
                  />
                )}
              </Card>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
