import { Alert, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { LabEvaluation } from '../api/types';
import { TAG, DateOnly, DateTime, ErrorAlert } from '../components/common';
import { gradeText, useI18n } from '../i18n';

/** Where a case's page is for the signed-in area (portal, workbench has none, console). */
export type Area = 'portal' | 'workbench' | 'console';

/** A rewarded evaluation files its reward as a case of its own; says which, or why none. */
export function RewardText({ reward, area }: { reward: LabEvaluation['reward']; area: Area }) {
  const { t, l } = useI18n();
  if (!reward) return <>—</>;
  switch (reward.kind) {
    case 'filed':
      return area === 'workbench' ? (
        <>{t('已立案申请奖励', 'Reward case filed')}</>
      ) : (
        <Link to={`/${area}/cases/${reward.caseId}`}>{t('已立案申请奖励,查看', 'Reward case filed: open it')}</Link>
      );
    case 'notRewarded':
      return <>{t('该评估结果无奖励', 'This grade earns no reward')}</>;
    case 'noPolicy':
      return <>{l(reward.message)}</>;
  }
}

/** A key lab: status, every evaluation with its grade and reward, the next evaluation date, why it ended. */
export function LabPage({ area }: { area: Area }) {
  const { labId = '' } = useParams();
  const { t, l } = useI18n();
  const q = useQuery({ queryKey: ['lab', labId], queryFn: () => endpoints.lab(labId), refetchInterval: 10_000 });
  if (q.isPending) return <Spin />;
  if (q.error instanceof ApiError && q.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('找不到该实验室', 'No such lab')}
        subTitle={t('实验室不存在,或您无权查看。', 'The lab does not exist, or it is not yours to see.')}
      />
    );
  }
  if (q.error) return <ErrorAlert error={q.error} />;
  const lab = q.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('重点实验室', 'Key lab')} <span translate="no">{lab.name}</span>{' '}
        <Tag color={lab.status === 'active' ? TAG.green : TAG.grey} data-testid="lab-status">
          {lab.status === 'active' ? t('有效', 'Active') : t('已终止', 'Ended')}
        </Tag>
      </Typography.Title>
      {lab.ended && (
        <Alert
          type="warning"
          showIcon
          title={
            <>
              {t('认定已终止', 'Designation ended')} <DateTime at={lab.ended.at} />
            </>
          }
          description={l(lab.ended.reason)}
        />
      )}
      <Card size="small" title={t('概况', 'Summary')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('认定日期(批准组建)', 'Designated on')}>
            <span data-testid="lab-designated-on">
              <DateOnly at={lab.designatedOn} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('下次评估日期', 'Next evaluation')}>
            <span data-testid="lab-next-evaluation">
              {lab.nextEvaluationOn ? <DateOnly at={lab.nextEvaluationOn} /> : lab.status === 'active' ? t('评估进行中', 'An evaluation is open') : '—'}
            </span>
          </Descriptions.Item>
          {area !== 'workbench' && lab.caseId && (
            <Descriptions.Item label={t('认定申请', 'Designation case')}>
              <Link to={`/${area}/cases/${lab.caseId}`}>{t('查看申请', 'Open the case')}</Link>
            </Descriptions.Item>
          )}
          {!lab.caseId && (
            <Descriptions.Item label={t('认定来源', 'Designation')}>
              {t('系统上线前认定,由管理员登记', 'Designated before the system ran; registered by an administrator')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('周期评估', 'Evaluations')}>
        <Table<LabEvaluation>
          rowKey="cycle"
          size="small"
          pagination={false}
          dataSource={lab.evaluations}
          locale={{ emptyText: t('尚无评估', 'No evaluation yet') }}
          columns={[
            { title: t('周期', 'Cycle'), key: 'cycle', render: (e: LabEvaluation) => t(`第 ${e.cycle} 次`, `#${e.cycle}`) },
            { title: t('评估日期', 'Due on'), key: 'due', render: (e: LabEvaluation) => <DateOnly at={e.dueOn} /> },
            {
              title: t('评估结果', 'Grade'),
              key: 'grade',
              render: (e: LabEvaluation) =>
                e.grade ? (
                  <Tag color={e.grade === 'fail' ? TAG.red : lab.grades.find((g) => g.value === e.grade)?.rewarded ? TAG.green : undefined}>
                    {l(gradeText(lab.grades, e.grade))}
                  </Tag>
                ) : area === 'workbench' ? (
                  <Link to={`/workbench/tasks/${e.taskId}`}>{t('待评估,打开任务', 'Open: grade it')}</Link>
                ) : (
                  t('待评估', 'Awaiting grade')
                ),
            },
            { title: t('评定时间', 'Graded'), key: 'graded', render: (e: LabEvaluation) => <DateTime at={e.gradedAt} /> },
            {
              title: t('奖励', 'Reward'),
              key: 'reward',
              render: (e: LabEvaluation) =>
                // Graded before the lab was registered: any reward was settled outside the system.
                e.grade && !e.reward ? t('登记前评估', 'Before registration') : <RewardText reward={e.reward} area={area} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
