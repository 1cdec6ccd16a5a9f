import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Radio, Result, Row, Space, Spin, Tag, Typography, message } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import * as endpoints from '../../api/endpoints';
import type { DecisionBody, TaskDetail } from '../../api/types';
import {
  TAG,
  AwardCard,
  CaseTimeline,
  DateTime,
  DocumentList,
  ErrorAlert,
  fieldRefusal,
  InformationRounds,
  FormView,
  Money,
  StatusTag,
} from '../../components/common';
import { gradeText, labCycleOf, useI18n } from '../../i18n';
import { RewardText } from '../LabPage';
import { formatFen, yuanToFen } from '../../money';
import { isOverdue } from './Inbox';

interface DecisionForm {
  decision: 'approve' | 'reject' | 'return';
  amountYuan?: string;
  comment?: string;
  overrideReason?: string;
  reason?: string;
  questions?: string;
}

const blank = (s: string | undefined): string | undefined => (s && s.trim() !== '' ? s.trim() : undefined);

/** The decision panel: what the API refuses (not held, pool exhausted, override needed…) shows at once. */
function DecisionPanel({ detail }: { detail: TaskDetail }) {
  const { t, lang } = useI18n();
  const queries = useQueryClient();
  const [form] = Form.useForm<DecisionForm>();
  const decision = Form.useWatch('decision', form) ?? 'approve';
  const [toast, holder] = message.useMessage();
  const decide = useMutation({
    mutationFn: (body: DecisionBody) => endpoints.decide(detail.task.id, body),
    onSuccess: () => {
      void toast.success(t('已提交审核意见', 'Decision recorded'));
      void queries.invalidateQueries({ queryKey: ['task', detail.task.id] });
      void queries.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
  const apiError = decide.error instanceof ApiError ? decide.error : null;
  const fieldError = (field: string): string | undefined => {
    if (!apiError) return undefined;
    // The workflow's refusal names the field; above the computed award is said in yuan here.
    if (field === 'amountFen' && apiError.field === 'amountFen' && apiError.reason === 'Invalid' && detail.application?.computedAwardFen) {
      return t(
        `不能高于核算金额 ${formatFen(detail.application.computedAwardFen, 'zh')}`,
        `Cannot be above the computed award of ${formatFen(detail.application.computedAwardFen, 'en')}`,
      );
    }
    return fieldRefusal(apiError, field, lang);
  };
  // A refusal the page can say in people's words (amounts in yuan); any other shows the API's message.
  const refusalInWords = apiError?.field === 'amountFen' ? fieldError('amountFen') : undefined;
  const submit = (v: DecisionForm) => {
    switch (v.decision) {
      case 'approve':
        return decide.mutate({
          decision: 'approve',
          amountFen: v.amountYuan ? (yuanToFen(v.amountYuan) ?? undefined) : undefined,
          comment: blank(v.comment),
          overrideReason: blank(v.overrideReason),
        });
      case 'reject':
        return decide.mutate({ decision: 'reject', reason: blank(v.reason) });
      case 'return':
        return decide.mutate({
          decision: 'return',
          questions: (v.questions ?? '')
            .split('\n')
            .map((q) => q.trim())
            .filter(Boolean),
          comment: blank(v.comment),
        });
    }
  };
  return (
    <Card size="small" title={t('审核意见', 'Decision')}>
      {holder}
      {decide.error && (
        <div data-testid="decision-error" style={{ marginBottom: 12 }}>
          {refusalInWords ? (
            <Alert role="alert" type="error" showIcon title={t('操作未完成', 'Not done')} description={refusalInWords} />
          ) : (
            <ErrorAlert error={decide.error} />
          )}
        </div>
      )}
      <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} onFinish={submit} onValuesChange={() => decide.reset()}>
        <Form.Item name="decision" label={t('意见', 'Decision')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'approve', label: t('同意', 'Approve') },
              { value: 'reject', label: t('不同意', 'Reject') },
              { value: 'return', label: t('退回补正', 'Return for information') },
            ]}
          />
        </Form.Item>
        {decision === 'approve' && (
          <>
            <Form.Item
              name="amountYuan"
              label={t('核定金额(元,可低于核算金额,留空按核算金额)', 'Amount in yuan (may be lower than computed; empty means the computed amount)')}
              rules={[
                {
                  validator: (_, v?: string) =>
                    !v || yuanToFen(v) !== null
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('请输入以元为单位的金额,最多两位小数', 'Enter an amount in yuan with at most two decimals'))),
                },
              ]}
              validateStatus={fieldError('amountFen') ? 'error' : undefined}
              help={fieldError('amountFen')}
            >
              <Input inputMode="decimal" suffix={t('元', 'yuan')} />
            </Form.Item>
            <Form.Item
              name="comment"
              label={t('说明(核减金额时必填)', 'Comment (needed when approving less)')}
              validateStatus={fieldError('comment') ? 'error' : undefined}
              help={fieldError('comment')}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item
              name="overrideReason"
              label={t(
                '批准理由(可能重复享受或会签部门不同意时必填)',
                'Reason for approving (needed for a possible double benefit or when a joint reviewer disagreed)',
              )}
              validateStatus={fieldError('overrideReason') ? 'error' : undefined}
              help={fieldError('overrideReason')}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {decision === 'reject' && (
          <Form.Item
            name="reason"
            label={t('不同意的理由', 'Reason for the rejection')}
            rules={[{ required: true, whitespace: true, message: t('请填写理由', 'Give the reason') }]}
            validateStatus={fieldError('reason') ? 'error' : undefined}
            help={fieldError('reason')}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {decision === 'return' && (
          <>
            <Form.Item
              name="questions"
              label={t('需申请单位补充的问题(每行一个)', 'Questions for the applicant (one per line)')}
              rules={[{ required: true, whitespace: true, message: t('请至少填写一个问题', 'Ask at least one question') }]}
              validateStatus={fieldError('questions') ? 'error' : undefined}
              help={fieldError('questions')}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="comment" label={t('内部说明', 'Internal comment')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={decide.isPending}>
          {t('提交意见', 'Submit the decision')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * A key lab's evaluation task (stage lab-evaluation-<n>, naming its lab; a registered lab's has no case):
 * graded in the lab's workflow, not decided in a case's, so no claim comes first.
 */
function GradePanel({ detail, labId, cycle }: { detail: TaskDetail; labId: string; cycle: number }) {
  const { t, l } = useI18n();
  const queries = useQueryClient();
  // The grades and their names come from the lab's policy, not from the page.
  const lab = useQuery({ queryKey: ['lab', labId], queryFn: () => endpoints.lab(labId) });
  const grades = lab.data?.grades ?? [];
  const grade = useMutation({
    mutationFn: (v: { grade: string; comment?: string }) => endpoints.gradeLab(labId, cycle, { grade: v.grade, comment: blank(v.comment) ?? null }),
    onSuccess: () =>
      Promise.all([
        queries.invalidateQueries({ queryKey: ['task', detail.task.id] }),
        queries.invalidateQueries({ queryKey: ['inbox'] }),
        queries.invalidateQueries({ queryKey: ['lab', labId] }),
      ]),
  });
  const done = grade.data;
  return (
    <Card size="small" title={t(`实验室第 ${cycle} 次评估`, `Lab evaluation ${cycle}`)}>
      <div data-testid="grade-error">
        <ErrorAlert error={grade.error} />
      </div>
      {done ? (
        <Alert
          type={done.status === 'ended' ? 'warning' : 'success'}
          showIcon
          title={`${t('已评定', 'Graded')}: ${l(gradeText(grades, done.grade))}`}
          description={
            <>
              <RewardText reward={done.reward} area="workbench" />
              {done.ended && <div>{l(done.ended.reason)}</div>}
            </>
          }
        />
      ) : (
        <Form layout="vertical" onFinish={(v: { grade: string; comment?: string }) => grade.mutate(v)} onValuesChange={() => grade.reset()}>
          <Form.Item name="grade" label={t('评估结果', 'Grade')} rules={[{ required: true, message: t('请选择评估结果', 'Choose a grade') }]}>
            <Radio.Group optionType="button" options={grades.map((g) => ({ value: g.value, label: l(g.label) }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('评估意见', 'Comment')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={grade.isPending}>
            {t('提交评估结果', 'Submit the grade')}
          </Button>
        </Form>
      )}
      <div style={{ marginTop: 12 }}>
        <Link to={`/workbench/labs/${labId}`}>{t('查看实验室评估记录', 'Open the lab’s evaluations')}</Link>
      </div>
    </Card>
  );
}

export function TaskPage() {
  const { taskId = '' } = useParams();
  const { t, l } = useI18n();
  const queries = useQueryClient();
  const q = useQuery({ queryKey: ['task', taskId], queryFn: () => endpoints.task(taskId), refetchInterval: 5000 });
  const app = q.data?.application;
  const schema = useQuery({
    queryKey: ['form', app?.packId, app?.measureCode, app?.subtypeCode],
    queryFn: () => endpoints.formSchema(app!.packId, app!.measureCode, app!.subtypeCode),
    enabled: !!app,
  });
  const [assignee, setAssignee] = useState('');
  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: ['task', taskId] }), queries.invalidateQueries({ queryKey: ['inbox'] })]);
  const change = useMutation({
    mutationFn: (a: { action: 'claim' | 'unclaim' | 'reassign' }) =>
      a.action === 'claim' ? endpoints.claim(taskId) : a.action === 'unclaim' ? endpoints.unclaim(taskId) : endpoints.reassign(taskId, assignee.trim()),
    onSuccess: refresh,
  });
  if (q.isPending) return <Spin />;
  if (q.error instanceof ApiError && q.error.status === 404) return <Result status="404" title={t('找不到该任务', 'No such task')} />;
  if (q.error) return <ErrorAlert error={q.error} />;
  // A registered key lab's evaluation has no case: its lab stands in for the applicant.
  const { task, application, lab, award, opinions, timeline, documents } = q.data;
  const cycle = labCycleOf(task.stage);
  // A registered lab's evaluation has no case behind it: a card with nothing to show is left out, not shown empty.
  const labOnly = application === null && lab !== null;
  const showOpinions = !labOnly || opinions.length > 0;
  const showTimeline = !labOnly || timeline.length > 0;
  // What the officer may do is the case's own answer (the check its workflow's validator runs).
  const may = (action: 'claim' | 'unclaim' | 'decide'): boolean => q.data.allowedActions.some((a) => a.action === action && a.allowed);
  const canRelease = may('unclaim');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('审核任务', 'Review task')} <span translate="no">{task.reference}</span> <StatusTag status={task.status} label={task.statusLabel} />
        {isOverdue(task) && <Tag color={TAG.red}>{t('已逾期', 'Overdue')}</Tag>}
        {task.escalatedAt && <Tag color={TAG.volcano}>{t('已上报', 'Escalated')}</Tag>}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('任务', 'Task')}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('申请单位', 'Organisation')}>
                  <span translate="no">{application?.organisationName ?? lab?.organisationName}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('措施', 'Measure')}>{`${l(task.measureCodeLabel)} / ${l(task.subtypeCodeLabel)}`}</Descriptions.Item>
                <Descriptions.Item label={t('部门', 'Bureau')}>{l(task.bureauCodeLabel)}</Descriptions.Item>
                <Descriptions.Item label={t('环节', 'Stage')}>{l(task.stageLabel)}</Descriptions.Item>
                <Descriptions.Item label={t('处理人', 'Assignee')}>
                  <span translate="no">{task.assigneeId ? (task.assigneeName ?? task.assigneeId) : '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('截止', 'Due')}>
                  <DateTime at={task.dueAt} />
                </Descriptions.Item>
              </Descriptions>
              <ErrorAlert error={change.error} />
              <Space wrap style={{ marginTop: 8 }}>
                {may('claim') && (
                  <Button type="primary" onClick={() => change.mutate({ action: 'claim' })} loading={change.isPending}>
                    {t('认领', 'Claim')}
                  </Button>
                )}
                {canRelease && <Button onClick={() => change.mutate({ action: 'unclaim' })}>{t('释放', 'Release')}</Button>}
                {canRelease && (
                  <Space.Compact>
                    <Input
                      aria-label={t('转派给(用户编号)', 'Reassign to (user id)')}
                      placeholder={t('转派给(用户编号)', 'Reassign to (user id)')}
                      value={assignee}
                      onChange={(e) => setAssignee(e.target.value)}
                    />
                    <Button disabled={!assignee.trim()} onClick={() => change.mutate({ action: 'reassign' })}>
                      {t('转派', 'Reassign')}
                    </Button>
                  </Space.Compact>
                )}
              </Space>
            </Card>
            {application && (
              <Card size="small" title={t('申请表(只读)', 'Application form (read-only)')}>
                <FormView form={application.form} schema={schema.data} documents={documents} />
              </Card>
            )}
            {application && (
              <Card size="small" title={t('申请材料', 'Documents')}>
                <DocumentList documents={documents} schema={schema.data} />
              </Card>
            )}
            {q.data.informationRounds.length > 0 && (
              <Card size="small" title={t('补正记录', 'Requests for information')}>
                <InformationRounds rounds={q.data.informationRounds} />
              </Card>
            )}
            {application && <AwardCard award={award} />}
            {q.data.doubleBenefit.flagged && (
              <Alert
                type="warning"
                showIcon
                title={t('可能重复享受:同一项目的同类资助', 'Possible double benefit: a same-kind benefit for the same project')}
                description={
                  <>
                    {q.data.doubleBenefit.otherCases.map((o) => (
                      <div key={o.caseId}>
                        {o.reference} · <Money fen={o.amountFen} /> · <StatusTag status={o.status} label={o.statusLabel} />
                      </div>
                    ))}
                    {t('批准须在“批准理由”中说明为何不属于重复享受', 'Approving needs a stated reason why this is not a double benefit')}
                  </>
                }
              />
            )}
            {q.data.earlierAwards.length > 0 && (
              <Card size="small" title={t('该项目此前获得的资助', 'Earlier awards to this project')}>
                {q.data.earlierAwards.map((a) => (
                  <div key={a.caseId}>
                    {a.reference} · {`${l(a.measureCodeLabel)} / ${l(a.subtypeCodeLabel)}`} · <Money fen={a.amountFen} />
                  </div>
                ))}
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {cycle !== null && task.labId !== null ? (
              task.status === 'open' || task.status === 'claimed' ? (
                <GradePanel detail={q.data} labId={task.labId} cycle={cycle} />
              ) : (
                <Card size="small">
                  {task.decisionLabel && (
                    <Alert type="success" showIcon title={`${t('已评定', 'Graded')}: ${l(task.decisionLabel)}`} style={{ marginBottom: 12 }} />
                  )}
                  <Link to={`/workbench/labs/${task.labId}`}>{t('查看实验室评估记录', 'Open the lab’s evaluations')}</Link>
                </Card>
              )
            ) : may('decide') ? (
              <DecisionPanel detail={q.data} />
            ) : task.status === 'open' || task.status === 'claimed' ? (
              <Alert type="info" showIcon title={l(q.data.allowedActions.find((a) => a.action === 'decide')?.reason)} />
            ) : null}
            {showOpinions && (
              <Card size="small" title={t('其他部门意见', 'Other opinions')}>
                <List
                  dataSource={opinions}
                  locale={{ emptyText: t('暂无', 'None yet') }}
                  renderItem={(o) => (
                    <List.Item>
                      <List.Item.Meta
                        title={`${l(o.bureauCodeLabel)} · ${l(o.stageLabel)} · ${o.decisionLabel ? l(o.decisionLabel) : '—'}`}
                        description={
                          <>
                            {o.amountFen && (
                              <div>
                                {t('建议金额', 'Recommended')}: <Money fen={o.amountFen} />
                              </div>
                            )}
                            {/* What the officer wrote, as written. */}
                            {o.comment && <div translate="no">{o.comment}</div>}
                            {o.overrideReason && <div translate="no">{o.overrideReason}</div>}
                            {o.questions && <div translate="no">{o.questions.join(' / ')}</div>}
                            <DateTime at={o.completedAt} />
                            {o.completedById && <span translate="no">{` · ${o.completedByName ?? o.completedById}`}</span>}
                          </>
                        }
                      />
                    </List.Item>
                  )}
                />
              </Card>
            )}
            {showTimeline && (
              <Card size="small" title={t('办理记录', 'Case history')}>
                <CaseTimeline entries={timeline} />
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
