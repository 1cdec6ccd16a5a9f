import { Alert, Button, Card, Space, Spin, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import * as endpoints from '../../api/endpoints';
import { ErrorAlert } from '../../components/common';
import { SchemaForm, serverErrors } from '../../components/SchemaForm';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';

interface Draft {
  form: Record<string, unknown>;
  /** One key per draft: a retried submission returns the case the first one made. */
  idempotencyKey: string;
}

const newKey = () => `web-${crypto.randomUUID()}`;

function loadDraft(key: string): Draft {
  try {
    const d = JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
    if (d && typeof d.idempotencyKey === 'string' && typeof d.form === 'object') return d;
  } catch {
    // Unreadable drafts start over.
  }
  return { form: {}, idempotencyKey: newKey() };
}

export function Apply() {
  const { packId = '', measureCode = '', subtypeCode = '' } = useParams();
  const { t, l } = useI18n();
  const { session } = useSession();
  const navigate = useNavigate();
  const draftKey = `draft:${session?.userId}:${packId}:${measureCode}:${subtypeCode}`;
  const [draft, setDraft] = useState<Draft>(() => loadDraft(draftKey));
  useEffect(() => localStorage.setItem(draftKey, JSON.stringify(draft)), [draftKey, draft]);

  const schema = useQuery({ queryKey: ['form', packId, measureCode, subtypeCode], queryFn: () => endpoints.formSchema(packId, measureCode, subtypeCode) });
  const measure = useQuery({ queryKey: ['measures', packId], queryFn: () => endpoints.measures(packId) });
  const m = measure.data?.items.find((x) => x.code === measureCode);
  const subtype = m?.subtypes.find((s) => s.code === subtypeCode);

  const submit = useMutation({
    mutationFn: (form: Record<string, unknown>) => endpoints.submitApplication({ packId, measureCode, subtypeCode, form }, draft.idempotencyKey),
    onSuccess: (c) => {
      localStorage.removeItem(draftKey);
      void navigate(`/portal/cases/${c.id}`);
    },
  });
  const apiError = submit.error instanceof ApiError ? submit.error : null;
  const fieldErrors = apiError ? serverErrors(apiError.issues, (i) => t(i.zh ?? i.message, i.message)) : undefined;

  if (schema.isPending) return <Spin />;
  if (schema.error) return <ErrorAlert error={schema.error} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 880 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('填写申请', 'Application')}: {subtype ? l(subtype.title) : `${measureCode} / ${subtypeCode}`}
      </Typography.Title>
      {subtype && <Alert type="info" showIcon title={t('资助规则', 'Award rule')} description={l(subtype.award.text)} />}
      <Card>
        <Typography.Paragraph type="secondary">
          {t('草稿自动保存在本浏览器中;金额以元填写。', 'The draft is kept in this browser as you type; amounts are in yuan.')}
        </Typography.Paragraph>
        <SchemaForm
          key={draft.idempotencyKey}
          id="application-form"
          schema={schema.data}
          formData={draft.form}
          extraErrors={fieldErrors}
          onChange={(form) => setDraft((d) => ({ ...d, form }))}
          onSubmit={(form) => submit.mutate(form)}
        >
          {submit.error && !(apiError && apiError.issues.some((i) => i.path.startsWith('form.'))) && <ErrorAlert error={submit.error} />}
          {apiError && apiError.issues.some((i) => i.path.startsWith('form.')) && (
            <Alert role="alert" type="error" showIcon title={t('请按提示修改标红的字段', 'Please correct the fields marked in red')} />
          )}
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              {t('提交申请', 'Submit application')}
            </Button>
            <Button
              onClick={() => {
                localStorage.removeItem(draftKey);
                setDraft({ form: {}, idempotencyKey: newKey() });
              }}
            >
              {t('清空草稿', 'Discard draft')}
            </Button>
          </Space>
        </SchemaForm>
      </Card>
    </Space>
  );
}
