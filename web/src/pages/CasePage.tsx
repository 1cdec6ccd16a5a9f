import { Alert, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Result, Row, Space, Spin, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useState } from 'react';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { Case } from '../api/types';
import { ProgressSteps } from '../components/ProgressSteps';
import { AwardCard, CaseTimeline, InformationRounds, DateTime, ErrorAlert, FormView, Money, OrderStatusTag, StatusTag } from '../components/common';
import { useI18n } from '../i18n';
import { isTerminal } from '../../../src/domain/case/records';

/** The decision's reason in the reader's language; a reason an officer wrote, as written. */
function ReasonText({ c }: { c: Case }) {
  const { l } = useI18n();
  return c.decisionReasonWritten ? <span translate="no">{l(c.decisionReasonWords)}</span> : <>{l(c.decisionReasonWords)}</>;
}

/** The award's payment orders (one per treasury), each with its status, and any recovery, in yuan. */
function Payments({ c }: { c: Case }) {
  const { t, l } = useI18n();
  if (c.payments.orders.length === 0 && c.payments.recoveries.length === 0) return null;
  return (
    <Card size="small" title={t('资金拨付', 'Payment')} data-testid="payments">
      <Descriptions column={1} size="small">
        {c.payments.orders.map((o) => (
          <Descriptions.Item key={o.orderId} label={l(o.funderLabel)}>
            <span data-testid="payment-order">
              <Money fen={o.amountFen} /> <OrderStatusTag status={o.status} label={o.statusLabel} />
              {o.settledAt && (
                <Typography.Text type="secondary">
                  {' '}
                  <DateTime at={o.settledAt} />
                </Typography.Text>
              )}
            </span>
          </Descriptions.Item>
        ))}
        {c.payments.recoveries.map((r, i) => (
          <Descriptions.Item key={`r${i}`} label={`${t('追回', 'Recovered')} · ${l(r.funderLabel)}`}>
            <span data-testid="recovery">
              <Money fen={r.amountFen} /> · <span translate="no">{r.reason}</span> · <DateTime at={r.at} />
            </span>
          </Descriptions.Item>
        ))}
        {c.payments.recoveries.length > 0 && (
          <Descriptions.Item label={t('累计追回', 'Recovered in all')}>
            <Money fen={c.payments.recoveredFen} />
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** Saves the case workflow's history as Temporal JSON, fetched with the bearer token. */
function HistoryDownload({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const download = useMutation({
    mutationFn: async () => {
      const workflowId = `case:${caseId}`;
      const url = URL.createObjectURL(await endpoints.workflowHistory(workflowId));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${workflowId.replace(':', '-')}.history.json`;
      a.click();
      // The click has handed the bytes to the download by then.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  return (
    <>
      <Button size="small" loading={download.isPending} onClick={() => download.mutate()}>
        {t('下载工作流历史 JSON', 'Download the history JSON')}
      </Button>
      <ErrorAlert error={download.error} />
    </>
  );
}

/** A designation case's key lab, when there is one (the lab's id is the case's). */
function LabLink({ caseId, area }: { caseId: string; area: 'portal' | 'console' }) {
  const { t } = useI18n();
  const lab = useQuery({ queryKey: ['lab', caseId], queryFn: () => endpoints.lab(caseId), retry: false });
  if (!lab.data) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={
        <Link to={`/${area}/labs/${caseId}`}>
          {t('重点实验室', 'Key lab')} <span translate="no">{lab.data.name}</span>: {t('查看周期评估', 'see its evaluations')}
        </Link>
      }
    />
  );
}

/** Who the case waits for, and until when. */
function Pending({ c }: { c: Case }) {
  const { t, l } = useI18n();
  if (c.informationRequest) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('等待申请单位补正材料', 'Waiting for the applicant to provide information')}
        description={
          <>
            {l(c.informationRequest.bureauCodeLabel)} · {t('截止', 'due')} <DateTime at={c.informationRequest.answerDueAt} />
          </>
        }
      />
    );
  }
  const treasuries = c.progress.pending.filter((p) => p.on === 'treasury');
  if (treasuries.length > 0) {
    return (
      <Alert
        type="info"
        showIcon
        title={t('已批准,等待财政支付', 'Approved, waiting for the treasury to pay')}
        description={
          <ul style={{ margin: 0 }}>
            {treasuries.map((p) => (
              <li key={p.bureauCode}>
                {l(p.name)} · {l(p.what)} · {t('自', 'since')} <DateTime at={p.since} />
              </li>
            ))}
          </ul>
        }
      />
    );
  }
  const open = c.tasks.filter((x) => x.status === 'open' || x.status === 'claimed');
  if (isTerminal(c.status) || open.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={t('审核中,等待', 'In review, waiting for')}
      description={
        <ul style={{ margin: 0 }}>
          {open.map((x) => (
            <li key={x.id}>
              {l(x.bureauCodeLabel)} · {l(x.stageLabel)} · {t('截止', 'due')} <DateTime at={x.dueAt} />
            </li>
          ))}
        </ul>
      }
    />
  );
}

export function CasePage({ temporalLink = false }: { temporalLink?: boolean }) {
  const { id = '' } = useParams();
  const { t, l } = useI18n();
  const queries = useQueryClient();
  const c = useQuery({
    queryKey: ['case', id],
    queryFn: () => endpoints.readCase(id),
    refetchInterval: (q) => (q.state.data && !isTerminal(q.state.data.status) ? 3000 : false),
  });
  const schema = useQuery({
    queryKey: ['form', c.data?.packId, c.data?.measureCode, c.data?.subtypeCode],
    queryFn: () => endpoints.formSchema(c.data!.packId, c.data!.measureCode, c.data!.subtypeCode),
    enabled: !!c.data,
  });
  const config = useQuery({ queryKey: ['web-config'], queryFn: endpoints.webConfig, staleTime: Infinity, enabled: temporalLink });
  const refresh = () => queries.invalidateQueries({ queryKey: ['case', id] });
  // Files chosen for the answer are uploaded at once (as in the application form) and sent by id with it.
  const [answerFiles, setAnswerFiles] = useState<{ id: string; name: string }[]>([]);
  const upload = useMutation({
    mutationFn: (file: File) => endpoints.uploadDocument(file),
    onSuccess: (d) => setAnswerFiles((fs) => [...fs, { id: d.id, name: d.name }]),
  });
  const answer = useMutation({
    mutationFn: (answers: string) =>
      endpoints.answerInformation(
        id,
        answers,
        answerFiles.map((f) => f.id),
      ),
    onSuccess: () => {
      setAnswerFiles([]);
      return refresh();
    },
  });
  const withdraw = useMutation({ mutationFn: () => endpoints.withdraw(id), onSuccess: refresh });

  if (c.isPending) return <Spin />;
  if (c.error instanceof ApiError && c.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('找不到该申请', 'No such case')}
        subTitle={t('申请不存在,或您无权查看。', 'The case does not exist, or it is not yours to see.')}
      />
    );
  }
  if (c.error) return <ErrorAlert error={c.error} />;
  const data = c.data;
  const applicant = !temporalLink;
  // What the applicant may do now is the case's own answer (its validator's check), not a rule kept here.
  const may = (action: 'answer' | 'withdraw'): boolean => applicant && data.progress.allowedActions.some((a) => a.action === action);
  const workflowUrl = config.data?.temporalUiUrl
    ? `${config.data.temporalUiUrl}/namespaces/${encodeURIComponent(config.data.namespace)}/workflows/${encodeURIComponent(`case:${data.id}`)}`
    : null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('申请', 'Case')} {data.reference} <StatusTag status={data.status} label={data.statusLabel} />
      </Typography.Title>
      <Pending c={data} />
      {data.status === 'approved' && (
        <Alert
          type="success"
          showIcon
          data-testid="approved-award"
          title={
            <>
              {t('已批准资助', 'Award approved')}: <Money fen={data.approvedAwardFen} />
            </>
          }
          description={data.decisionReasonWords ? <ReasonText c={data} /> : undefined}
        />
      )}
      {data.labId && <LabLink caseId={data.labId} area={applicant ? 'portal' : 'console'} />}
      {isTerminal(data.status) && data.status !== 'approved' && data.decisionReasonWords && (
        <Alert type="error" showIcon title={t('理由', 'Reason')} description={<ReasonText c={data} />} />
      )}
      {data.ineligibility.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('不符合申报条件', 'Not eligible')}
          description={
            <ul>
              {data.ineligibility.map((r) => (
                <li key={r.code}>{t(r.zh, r.en)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('概况', 'Summary')}>
              <Typography.Paragraph data-testid="progress-summary">{l(data.progress.summary)}</Typography.Paragraph>
              <ProgressSteps c={data} />
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('措施', 'Measure')}>{`${l(data.measureCodeLabel)} / ${l(data.subtypeCodeLabel)}`}</Descriptions.Item>
                <Descriptions.Item label={t('提交时间', 'Submitted')}>
                  <DateTime at={data.submittedAt} />
                </Descriptions.Item>
                <Descriptions.Item label={t('核算金额', 'Computed award')}>
                  <Money fen={data.computedAwardFen} />
                </Descriptions.Item>
                {!applicant && (
                  <Descriptions.Item label={t('申请单位', 'Organisation')}>
                    <span translate="no">{data.organisationName ?? '—'}</span>
                  </Descriptions.Item>
                )}
                {workflowUrl && (
                  <Descriptions.Item label="Temporal">
                    <a href={workflowUrl} target="_blank" rel="noreferrer">
                      {t('在 Temporal Web UI 中查看工作流', 'Open the workflow in the Temporal Web UI')}
                    </a>
                  </Descriptions.Item>
                )}
                {!applicant && (
                  <Descriptions.Item label={t('工作流历史', 'Workflow history')}>
                    <HistoryDownload caseId={data.id} />
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            {data.informationRounds.length > 0 && (
              <Card size="small" title={t('补正记录', 'Requests for information')}>
                <InformationRounds rounds={data.informationRounds} />
              </Card>
            )}
            <AwardCard award={data.award} />
            <Payments c={data} />
            <Card size="small" title={t('申请表', 'Application form')}>
              <FormView form={data.form} schema={schema.data} documents={data.documents} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {may('answer') && data.informationRequest && (
              <Card size="small" title={t('补正材料', 'Provide the information asked for')}>
                <ul>
                  {data.informationRequest.questions.map((q, i) => (
                    <li key={i}>{q}</li>
                  ))}
                </ul>
                <ErrorAlert error={answer.error} />
                <Form layout="vertical" onFinish={(v: { answers: string }) => answer.mutate(v.answers)}>
                  <Form.Item
                    name="answers"
                    label={t('答复', 'Answer')}
                    rules={[{ required: true, whitespace: true, message: t('请填写答复', 'Write your answer') }]}
                  >
                    <Input.TextArea rows={4} />
                  </Form.Item>
                  <Form.Item label={t('补充材料(PDF、PNG 或 JPEG)', 'Files (PDF, PNG or JPEG)')}>
                    <input
                      type="file"
                      data-testid="answer-file"
                      aria-label={t('选择补充材料', 'Choose a file')}
                      accept="application/pdf,image/png,image/jpeg"
                      onChange={(e) => {
                        const f = e.target.files?.[0];
                        if (f) upload.mutate(f);
                        e.target.value = '';
                      }}
                    />
                    <ErrorAlert error={upload.error} />
                    {answerFiles.map((f) => (
                      <div key={f.id} translate="no">
                        {f.name}
                      </div>
                    ))}
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={answer.isPending} disabled={upload.isPending}>
                    {t('提交答复', 'Send the answer')}
                  </Button>
                </Form>
              </Card>
            )}
            {may('withdraw') && (
              <Card size="small">
                <ErrorAlert error={withdraw.error} />
                <Popconfirm
                  title={t('确定撤回此申请?', 'Withdraw this application?')}
                  okText={t('撤回', 'Withdraw')}
                  cancelText={t('取消', 'Cancel')}
                  onConfirm={() => withdraw.mutate()}
                >
                  <Button danger loading={withdraw.isPending}>
                    {t('撤回申请', 'Withdraw the application')}
                  </Button>
                </Popconfirm>
              </Card>
            )}
            <Card size="small" title={t('进度', 'Timeline')}>
              <CaseTimeline entries={data.timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
