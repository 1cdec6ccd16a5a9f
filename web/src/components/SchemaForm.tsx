import { Button, Input, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import Form from '@rjsf/antd';
import type { ErrorSchema, FormValidation, RJSFValidationError, UiSchema, WidgetProps } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { Localized } from '../api/types';
import { useI18n } from '../i18n';
import { formRuleErrors } from '../form-rules';
import { refusalText } from './common';
import { fenToYuanInput, yuanToFen } from '../money';

// The catalog publishes every sub-type's form as JSON Schema (draft 2020-12) generated from the
// zod schema the API validates with; this renders it, so no measure has a hand-written form.
const validator = customizeValidator({ AjvClass: Ajv2020 });

type Props = Record<string, Record<string, unknown>>;

/** Amounts are fen on the wire and yuan for people: the field holds the fen string it computes. */
function YuanWidget(props: WidgetProps) {
  const { t } = useI18n();
  const value = typeof props.value === 'string' ? props.value : '';
  const [text, setText] = useState(() => (/^\d+$/.test(value) ? fenToYuanInput(value) : value));
  return (
    <Input
      id={props.id}
      name={props.name}
      inputMode="decimal"
      value={text}
      disabled={props.disabled || props.readonly}
      aria-describedby={`${props.id}__error`}
      suffix={t('元', 'yuan')}
      onBlur={() => props.onBlur(props.id, props.value)}
      onFocus={() => props.onFocus(props.id, props.value)}
      onChange={(e) => {
        setText(e.target.value);
        // Not an amount in yuan: keep the text, so the schema's pattern reports it next to the field.
        props.onChange(e.target.value === '' ? undefined : (yuanToFen(e.target.value) ?? e.target.value));
      }}
    />
  );
}

/**
 * A document field holds the id of an uploaded file: choosing a file uploads it at once (the API
 * checks its type by content and its size) and puts the id into the form.
 */
const DOCUMENT_NAME = 'document-name:';

function DocumentWidget(props: WidgetProps) {
  const { t, lang } = useI18n();
  const value = typeof props.value === 'string' ? props.value : '';
  // The file's name outlives a reload with the draft that holds its id: the page names a file, never its id.
  const [name, setName] = useState<string | null>(() => (value ? localStorage.getItem(`${DOCUMENT_NAME}${value}`) : null));
  const upload = useMutation({
    mutationFn: endpoints.uploadDocument,
    onSuccess: (d) => {
      localStorage.setItem(`${DOCUMENT_NAME}${d.id}`, d.name);
      setName(d.name);
      props.onChange(d.id);
    },
  });
  const statusId = `${props.id}__status`;
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <input
        id={props.id}
        name={props.name}
        type="file"
        accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
        disabled={props.disabled || props.readonly || upload.isPending}
        aria-describedby={`${statusId} ${props.id}__error`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload.mutate(file);
        }}
      />
      <Typography.Text id={statusId} type="secondary" role="status">
        {upload.isPending ? (
          t('正在上传…', 'Uploading…')
        ) : value ? (
          <>
            {t('已上传', 'Uploaded')}: {name ? <span translate="no">{name}</span> : t('已选择的文件', 'the file chosen')}
          </>
        ) : (
          t('PDF、PNG 或 JPEG', 'PDF, PNG or JPEG')
        )}
      </Typography.Text>
      {upload.error && (
        <Typography.Text type="danger" role="alert">
          {upload.error instanceof ApiError ? refusalText(upload.error, lang) : t('上传失败,请重试', 'The upload failed; please retry')}
        </Typography.Text>
      )}
      {value && !upload.isPending && (
        <Button
          size="small"
          onClick={() => {
            setName(null);
            props.onChange(undefined);
          }}
        >
          {t('移除文件', 'Remove file')}
        </Button>
      )}
    </Space>
  );
}

function uiSchemaOf(schema: Record<string, unknown>, l: (t: Localized) => string, t: (zh: string, en: string) => string): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const [name, p] of Object.entries((schema.properties ?? {}) as Props)) {
    const label = p['x-label'] as Localized | undefined;
    const type = p['x-field-type'];
    ui[name] = {
      ...(label ? { 'ui:title': l(label) } : {}),
      ...(type === 'fen' ? { 'ui:widget': 'yuan', 'ui:placeholder': '1234.56' } : {}),
      // An explicit yes/no: an unticked box cannot tell "no" from "not answered".
      ...(type === 'boolean' ? { 'ui:widget': 'radio', 'ui:enumNames': [t('是', 'Yes'), t('否', 'No')] } : {}),
      ...(type === 'date' ? { 'ui:placeholder': 'YYYY-MM-DD' } : {}),
      ...(type === 'yearMonth' ? { 'ui:placeholder': 'YYYY-MM' } : {}),
      ...(type === 'document' ? { 'ui:widget': 'document' } : {}),
      // An enum's options in the words its pack gives them, never the stored value.
      ...(type === 'enum' && Array.isArray(p['x-options']) ? { 'ui:enumNames': (p['x-options'] as { label: Localized }[]).map((o) => l(o.label)) } : {}),
    };
  }
  return ui;
}

/**
 * Server issues (`form.<field>`) as the error schema rjsf shows next to each field; `text` picks the
 * reader's language where the API gives an issue in both.
 */
export function serverErrors<I extends { path: string; message: string }>(issues: I[], text: (i: I) => string = (i) => i.message): ErrorSchema {
  const out: Record<string, { __errors: string[] }> = {};
  for (const i of issues) {
    const m = /^form\.([^.]+)/.exec(i.path);
    if (!m?.[1]) continue;
    (out[m[1]] ??= { __errors: [] }).__errors.push(text(i));
  }
  return out as ErrorSchema;
}

export function SchemaForm(props: {
  schema: Record<string, unknown>;
  formData: Record<string, unknown>;
  onChange(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
  extraErrors?: ErrorSchema;
  id: string;
  children?: ReactNode;
}) {
  const { l, t } = useI18n();
  const properties = (props.schema.properties ?? {}) as Props;
  const labelOf = (field: string): string => {
    const label = properties[field]?.['x-label'] as Localized | undefined;
    return label ? l(label) : field;
  };
  // ajv's messages are for developers; a person reads what is wrong in their language.
  const transformErrors = (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      const field = (e.property ?? '').replace(/^\./, '') || String(e.params?.missingProperty ?? '');
      const type = properties[field]?.['x-field-type'];
      switch (e.name) {
        case 'required':
          return { ...e, message: t('必填', 'required') };
        case 'pattern':
          return type === 'fen'
            ? { ...e, message: t('请输入以元为单位的金额,最多两位小数,例如 1234.56', 'enter an amount in yuan with at most two decimals, e.g. 1234.56') }
            : { ...e, message: t('格式不正确', 'wrong format') };
        case undefined:
        default:
          return { ...e, message: `${labelOf(field)}: ${e.message ?? ''}` };
      }
    });
  // The pack's rules between fields and against today, checked as the API will check them on submit.
  const customValidate = (data: Record<string, unknown> | undefined, errors: FormValidation<Record<string, unknown>>) => {
    for (const e of formRuleErrors(props.schema, data ?? {}, new Date()))
      (errors as Record<string, { addError(m: string): void }>)[e.field]?.addError(l(e.text));
    return errors;
  };
  return (
    <Form
      id={props.id}
      customValidate={customValidate}
      schema={{ ...props.schema, title: undefined, description: undefined }}
      uiSchema={uiSchemaOf(props.schema, l, t)}
      formData={props.formData}
      validator={validator}
      widgets={{ yuan: YuanWidget, document: DocumentWidget }}
      templates={{ DescriptionFieldTemplate: () => null }}
      extraErrors={props.extraErrors}
      transformErrors={transformErrors}
      showErrorList={false}
      noHtml5Validate
      onChange={(e) => props.onChange((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => props.onSubmit((e.formData ?? {}) as Record<string, unknown>)}
    >
      {props.children}
    </Form>
  );
}
