import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import * as endpoints from '../../api/endpoints';
import type { Localized } from '../../api/types';
import { ErrorAlert } from '../../components/common';
import { useI18n } from '../../i18n';

interface RegisterForm {
  organisationId: string;
  labName: string;
  packId: string;
  designatedOn: string;
  evaluations?: { evaluatedOn: string; grade: string }[];
}

/** The grades a policy's lab evaluations give, as the evaluation sub-type's form names them (filed by the lab's lifecycle). */
function useGrades(packId: string | undefined): { value: string; label: Localized }[] {
  const measures = useQuery({ queryKey: ['measures', packId], queryFn: () => endpoints.measures(packId!), enabled: !!packId });
  const evaluation = measures.data?.items.flatMap((m) => m.subtypes.filter((s) => s.filedBy === 'lifecycle').map((s) => ({ m: m.code, s: s.code })))[0];
  const form = useQuery({
    queryKey: ['form', packId, evaluation?.m, evaluation?.s],
    queryFn: () => endpoints.formSchema(packId!, evaluation!.m, evaluation!.s),
    enabled: !!packId && !!evaluation,
  });
  type Prop = { 'x-options'?: { value: string; label: Localized }[] };
  const properties = ((form.data as { properties?: Record<string, Prop> } | undefined)?.properties ?? {}) as Record<string, Prop>;
  return Object.values(properties).find((p) => Array.isArray(p['x-options']))?.['x-options'] ?? [];
}

/** An admin registers a key lab designated before the system ran, so it is evaluated on its own calendar. */
export function RegisterLab() {
  const { t, l, lang } = useI18n();
  const [form] = Form.useForm<RegisterForm>();
  const navigate = useNavigate();
  const packs = useQuery({ queryKey: ['packs'], queryFn: endpoints.packs });
  const organisations = useQuery({ queryKey: ['organisations'], queryFn: () => endpoints.organisations({ limit: '100' }) });
  const packId = Form.useWatch('packId', form);
  const grades = useGrades(packId);
  const register = useMutation({
    mutationFn: (v: RegisterForm) =>
      endpoints.registerLab({
        organisationId: v.organisationId,
        labName: v.labName,
        packId: v.packId,
        designatedOn: v.designatedOn,
        evaluations: (v.evaluations ?? []).map((e) => ({ evaluatedOn: e.evaluatedOn, grade: e.grade })),
      }),
    onSuccess: (lab) => navigate(`/console/labs/${lab.id}`),
    onError: (err) => {
      // Each refusal under its field (evaluations.0.evaluatedOn is the first row's date).
      if (!(err instanceof ApiError)) return;
      const issues = err.issues.length > 0 ? err.issues : err.field ? [{ path: err.field, message: err.message, zh: err.zh ?? undefined }] : [];
      form.setFields(
        issues.map((i) => ({
          name: i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never,
          errors: [lang === 'zh' && i.zh ? i.zh : i.message],
        })),
      );
    },
  });
  const shownAbove = register.error instanceof ApiError && (register.error.issues.length > 0 || register.error.field) ? null : register.error;
  const date = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('日期格式为 YYYY-MM-DD', 'A date as YYYY-MM-DD') };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('登记既有重点实验室', 'Register an existing key lab')}
      </Typography.Title>
      <Typography.Paragraph>
        {t(
          '系统上线前已批准组建的重点实验室,登记后按认定日期起每三年评估一次;已过评估日而未评估的,登记后立即开启评估。',
          'A key lab designated before the system ran is evaluated every three years from its designation once registered; an evaluation whose date has passed opens at once.',
        )}
      </Typography.Paragraph>
      <Card size="small">
        <Form<RegisterForm> form={form} layout="vertical" style={{ maxWidth: 640 }} onFinish={(v) => register.mutate(v)}>
          <Form.Item
            name="organisationId"
            label={t('依托单位', 'Host organisation')}
            rules={[{ required: true, message: t('请选择依托单位', 'Choose the organisation') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              aria-label={t('依托单位', 'Host organisation')}
            />
          </Form.Item>
          <Form.Item
            name="labName"
            label={t('实验室名称', 'Lab name')}
            rules={[{ required: true, whitespace: true, message: t('请填写实验室名称', 'Enter the lab’s name') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="packId" label={t('政策', 'Policy')} rules={[{ required: true, message: t('请选择政策', 'Choose the policy') }]}>
            <Select options={(packs.data?.items ?? []).map((p) => ({ value: p.id, label: l(p.title) }))} aria-label={t('政策', 'Policy')} />
          </Form.Item>
          <Form.Item
            name="designatedOn"
            label={t('认定日期(批准组建,北京时间)', 'Designated on (approved for establishment, Beijing time)')}
            rules={[{ required: true, message: t('请填写认定日期', 'Enter the designation date') }, date]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.List name="evaluations">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t('已进行的评估(按时间先后)', 'Evaluations held so far (oldest first)')}</Typography.Text>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Typography.Text>{t(`第 ${i + 1} 次`, `#${i + 1}`)}</Typography.Text>
                    <Form.Item
                      name={[f.name, 'evaluatedOn']}
                      label={t('评估日期', 'Held on')}
                      rules={[{ required: true, message: t('请填写评估日期', 'Enter the date') }, date]}
                    >
                      <Input type="date" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'grade']}
                      label={t('评估结果', 'Grade')}
                      rules={[{ required: true, message: t('请选择评估结果', 'Choose a grade') }]}
                    >
                      <Select
                        style={{ minWidth: 120 }}
                        options={grades.map((g) => ({ value: g.value, label: l(g.label) }))}
                        aria-label={t('评估结果', 'Grade')}
                      />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>{t('删除', 'Remove')}</Button>
                  </Space>
                ))}
                <Button onClick={() => add()}>{t('添加一次评估', 'Add an evaluation')}</Button>
              </Space>
            )}
          </Form.List>
          <Form.Item style={{ marginTop: 24 }}>
            <Button type="primary" htmlType="submit" loading={register.isPending}>
              {t('登记', 'Register')}
            </Button>
          </Form.Item>
        </Form>
        <ErrorAlert error={shownAbove} />
      </Card>
    </Space>
  );
}
